"""Questionnaire versions, campaigns, invitations, drafts in progress and anonymous responses.

Privacy: a ``Response`` holds no code, no IP, no user agent and no time of day; its strata are
copies. A ``Draft`` (answers in progress) is keyed by a hash and deleted when it is submitted;
its answers are then sealed in a ``PendingAnswer`` and written as responses later, in shuffled
batches (``surveyapp.surveys.batches``), so no transaction, id or row order ties a response to
the invitation that was used. See README, "Privacy by design".
"""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Date,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Table,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from questionnaires import Questionnaire, load_definition
from surveyapp.db import Model, db
from surveyapp.geo.models import Area


class CampaignMode(StrEnum):
    """How residents reach a campaign (stored as its value in ``campaign.mode``)."""

    INVITATION = "invitation"
    OPEN = "open"
    BOTH = "both"


class CampaignStatus(StrEnum):
    """Where a campaign stands on a given day (computed, not stored)."""

    UPCOMING = "upcoming"
    OPEN = "open"
    CLOSED = "closed"
    ARCHIVED = "archived"


class Channel(StrEnum):
    """How a response came in (``response.channel``): open-link responses are kept apart from
    the random sample so the weighted estimates can leave them out. Invitation (web) and paper
    answers both come from the random sample: a paper questionnaire is entered by staff with
    its letter's code."""

    INVITATION = "invitation"
    OPEN = "open"
    PAPER = "paper"
    IMPORT = "import"  # read from a file (a vendor's or an earlier year's): surveyapp.imports


class ResponseStatus(StrEnum):
    """State of a stored response (``response.status``); only complete ones are analysed."""

    COMPLETE = "complete"


campaign_area = Table(
    "campaign_area",
    db.metadata,
    Column("campaign_id", ForeignKey("campaign.id", ondelete="CASCADE"), primary_key=True),
    Column("area_id", ForeignKey("area.id", ondelete="CASCADE"), primary_key=True),
)


class QuestionnaireVersion(Model):
    """A questionnaire definition, frozen once a campaign uses it."""

    __tablename__ = "questionnaire"
    __table_args__ = (UniqueConstraint("key", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64))
    version: Mapped[str] = mapped_column(String(32))
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    # sha256 of the definition (``definition_digest``), written with the row.
    digest: Mapped[str | None] = mapped_column(String(64))
    languages: Mapped[list[str]] = mapped_column(JSON)

    def model(self) -> Questionnaire:
        """The validated questionnaire model of this version (parsed once per process).

        The cache key includes a digest of the definition itself, so two databases (or an
        upload refused for reusing a version) never share a stale model. The digest is stored
        with the row (kept by the insert/update events below), so a request that finds the
        model cached does not re-encode the definition (``find_campaign`` does not even read
        it).
        """
        cached = self.__dict__.get("_parsed_model")
        if cached is not None:
            return cached
        digest = self.digest or definition_digest(self.definition)
        cache_key = (self.key, self.version, digest)
        model = _PARSED.get(cache_key)
        if model is None:
            model = load_definition(self.definition, source=f"{self.key} {self.version}")
            _PARSED[cache_key] = model
        self.__dict__["_parsed_model"] = model
        return model


_PARSED: dict[tuple[str, str, str], Questionnaire] = {}


def definition_digest(definition: dict[str, Any]) -> str:
    """sha256 (hex) of a questionnaire definition in a canonical JSON form."""
    canonical = json.dumps(definition, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


@event.listens_for(QuestionnaireVersion, "before_insert")
@event.listens_for(QuestionnaireVersion, "before_update")
def _keep_digest(_mapper, _connection, target: QuestionnaireVersion) -> None:
    if "definition" in target.__dict__:  # loaded or set: the digest follows it
        target.digest = definition_digest(target.definition)


class Campaign(Model):
    """One survey wave: a questionnaire version sent to residents of some areas."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    year: Mapped[int]
    mode: Mapped[str] = mapped_column(String(16), default=CampaignMode.BOTH)
    opens: Mapped[date] = mapped_column(Date)
    closes: Mapped[date] = mapped_column(Date)
    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaire.id"))
    languages: Mapped[list[str]] = mapped_column(JSON)
    # Texts per language ({lang: text}); ``name`` keeps the source-language name for lists.
    names: Mapped[dict[str, str] | None] = mapped_column(JSON, default=dict)
    intro: Mapped[dict[str, str] | None] = mapped_column(JSON, default=dict)
    thanks: Mapped[dict[str, str] | None] = mapped_column(JSON, default=dict)
    privacy: Mapped[dict[str, str] | None] = mapped_column(JSON, default=dict)
    organiser: Mapped[str | None] = mapped_column(String(300))
    contact: Mapped[str | None] = mapped_column(String(500))
    population_year: Mapped[int | None]
    closed_on: Mapped[date | None] = mapped_column(Date)
    archived_on: Mapped[date | None] = mapped_column(Date)
    # Random salt of the campaign's code key (set when the first letters are printed): the key
    # is an HMAC of it under SECRET_KEY, so the database alone cannot reproduce any code.
    code_salt: Mapped[str | None] = mapped_column(String(32))

    questionnaire: Mapped[QuestionnaireVersion] = relationship()
    areas: Mapped[list[Area]] = relationship(secondary=campaign_area, order_by=Area.name)

    def text(self, field: str, language: str) -> str:
        """The campaign text ``field`` (names, intro, thanks, privacy) in ``language``, else
        in the questionnaire's source language, else empty."""
        texts = getattr(self, field) or {}
        source = self.questionnaire.languages[0]
        return texts.get(language) or texts.get(source) or ""

    def display_name(self, language: str) -> str:
        """The campaign's name in ``language`` (the source-language name when missing)."""
        return self.text("names", language) or self.name

    def status(self, today: date) -> CampaignStatus:
        """Archived, closed, upcoming or open on ``today``."""
        if self.archived_on is not None:
            return CampaignStatus.ARCHIVED
        if self.closed_on is not None or today > self.closes:
            return CampaignStatus.CLOSED
        if today < self.opens:
            return CampaignStatus.UPCOMING
        return CampaignStatus.OPEN

    @property
    def closed_date(self) -> date:
        """The day residents could no longer answer from: the day staff closed or archived the
        campaign when that came before its planned closing date, else that date."""
        early = [day for day in (self.closed_on, self.archived_on) if day is not None]
        return min([self.closes, *early])

    @property
    def takes_codes(self) -> bool:
        """Whether residents may come with an invitation code."""
        return self.mode in (CampaignMode.INVITATION, CampaignMode.BOTH)

    @property
    def takes_open_link(self) -> bool:
        """Whether anyone with the link may answer."""
        return self.mode in (CampaignMode.OPEN, CampaignMode.BOTH)


class Invitation(Model):
    """A single-use code from a letter. Only the code's hash is stored."""

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    area_code: Mapped[str | None] = mapped_column(String(32))
    sex: Mapped[str | None] = mapped_column(String(8))
    age_group: Mapped[str | None] = mapped_column(String(16))
    used: Mapped[bool] = mapped_column(default=False)


class Draft(Model):
    """Answers in progress, found again by the hash of a code or of a resume token."""

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invitation_id: Mapped[int | None] = mapped_column(
        ForeignKey("invitation.id", ondelete="CASCADE")
    )
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prefilled: Mapped[list[str]] = mapped_column(JSON, default=list)
    language: Mapped[str] = mapped_column(String(8))
    updated_on: Mapped[date] = mapped_column(Date)


class SubmittedKey(Model):
    """A tombstone: the keyed hash of a draft key that has been submitted, so a repeated or
    simultaneous send of the last page is answered with the thank-you page. It names no
    response, cannot be recomputed from a code without ``SECRET_KEY``, carries no date and is
    deleted when the campaign closes. Stored without a rowid on SQLite, so even the physical
    order of tombstones is the order of their random-looking keys, not of submission."""

    __tablename__ = "submitted_key"
    __table_args__ = {"sqlite_with_rowid": False}

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))


class PendingAnswer(Model):
    """A submitted answer set waiting for its batch: random id, campaign, sealed answers.

    Written in the transaction that uses the code (so it is acknowledged and durable), hence it
    shares that transaction's id with the invitation row on PostgreSQL; that is why its content
    is sealed with a key derived from ``SECRET_KEY`` and padded. No code, draft, invitation or
    date is stored; the batch step deletes the row in the transaction that writes the response.
    """

    __tablename__ = "pending_answer"
    __table_args__ = {"sqlite_with_rowid": False}

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaign.id", ondelete="CASCADE"), index=True
    )
    sealed: Mapped[bytes] = mapped_column(LargeBinary)


def new_response_id() -> int:
    """A random positive 63-bit id: ids (and SQLite's rowid order) carry no submission order."""
    return secrets.randbelow(2**63 - 1) + 1


class Response(Model):
    """A submitted, anonymous answer set, written by the batch step.

    ``submitted_on`` is the date its batch was written, not the day the resident sent it.
    """

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False,
        default=new_response_id,
    )
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaign.id", ondelete="CASCADE"), index=True
    )
    channel: Mapped[str] = mapped_column(String(16))
    language: Mapped[str] = mapped_column(String(8))
    area_code: Mapped[str | None] = mapped_column(String(32), index=True)
    sex: Mapped[str | None] = mapped_column(String(8))
    age_group: Mapped[str | None] = mapped_column(String(16))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default=ResponseStatus.COMPLETE)
    submitted_on: Mapped[date] = mapped_column(Date)
    # the sampling (design) weight delivered with an imported response; None means 1
    base_weight: Mapped[float | None] = mapped_column(Float)
