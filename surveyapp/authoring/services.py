"""Authoring services: store uploaded questionnaire versions (frozen once used), compare them.

Shared by the staff pages and the ``flask questionnaire`` commands; they only flush.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from questionnaires import QuestionnaireError
from questionnaires.compare import ItemComparison, compare_versions
from questionnaires.xlsform import Imported, import_file
from questionnaires.xlsform_settings import Overrides
from surveyapp.db import db
from surveyapp.surveys.models import Campaign, QuestionnaireVersion


class VersionConflict(Exception):
    """The key and version are stored already with a different definition."""

    def __init__(self, stored: QuestionnaireVersion, campaigns: list[Campaign]) -> None:
        self.stored = stored
        self.campaigns = campaigns
        super().__init__(f"{stored.key} {stored.version} is stored with other content")


@dataclass
class Stored:
    """The result of storing an upload: the version row, whether it is new, and warnings."""

    version: QuestionnaireVersion
    created: bool
    warnings: list[str] = field(default_factory=list)


def read_upload(filename: str, data: bytes, overrides: Overrides | None = None) -> Imported:
    """Validate an uploaded YAML or XLSForm file (raises QuestionnaireError); ``overrides``
    names the key, title and language of an XLSForm without a settings sheet."""
    imported = import_file(filename, data, overrides)
    model = imported.questionnaire
    too_long = [f"{name}: at most {limit} characters"
                for name, value, limit in (("key", model.key, 64), ("version", model.version, 32))
                if len(value) > limit]
    if too_long:
        raise QuestionnaireError(filename, too_long)
    return imported


def all_versions() -> list[QuestionnaireVersion]:
    """Every stored questionnaire version, by key, newest first within a key."""
    versions = db.session.scalars(select(QuestionnaireVersion)).all()
    return sorted(versions, key=lambda v: (v.key, -v.id))


def get_version(version_id: int) -> QuestionnaireVersion | None:
    """The stored version with this id."""
    return db.session.get(QuestionnaireVersion, version_id)


def campaigns_using(version: QuestionnaireVersion) -> list[Campaign]:
    """The campaigns that use ``version`` (which freezes it)."""
    return list(db.session.scalars(
        select(Campaign).where(Campaign.questionnaire_id == version.id).order_by(Campaign.slug)
    ))


def find_version(key: str, version: str) -> QuestionnaireVersion | None:
    """The stored version of ``key`` called ``version``."""
    return db.session.scalar(select(QuestionnaireVersion).where(
        QuestionnaireVersion.key == key, QuestionnaireVersion.version == version))


def store(imported: Imported) -> Stored:
    """Store a validated questionnaire as a version, or reuse the identical stored one.

    A stored version is never changed: campaigns may use it, and every worker caches parsed
    versions by key and version. A changed questionnaire needs a new version string; otherwise
    :class:`VersionConflict` is raised (it names the campaigns that use the stored version).
    """
    model = imported.questionnaire
    stored = find_version(model.key, model.version)
    if stored is not None:
        if stored.definition == imported.definition:
            return Stored(stored, created=False, warnings=imported.warnings)
        raise VersionConflict(stored, campaigns_using(stored))
    version = QuestionnaireVersion(key=model.key, version=model.version,
                                   definition=imported.definition,
                                   languages=list(model.languages))
    db.session.add(version)
    db.session.flush()
    return Stored(version, created=True, warnings=imported.warnings)


def previous_version(version: QuestionnaireVersion) -> QuestionnaireVersion | None:
    """The version of the same key stored just before ``version``."""
    return db.session.scalar(
        select(QuestionnaireVersion)
        .where(QuestionnaireVersion.key == version.key, QuestionnaireVersion.id < version.id)
        .order_by(QuestionnaireVersion.id.desc())
        .limit(1)
    )


def comparison_with_previous(
    version: QuestionnaireVersion,
) -> tuple[QuestionnaireVersion | None, list[ItemComparison]]:
    """The previous version of the same key and how each item compares with it."""
    previous = previous_version(version)
    if previous is None:
        return None, []
    return previous, compare_versions(previous.model(), version.model())
