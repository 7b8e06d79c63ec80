"""Checking campaign settings given as plain data, the same for the staff form, CLI and API.

The plain data is a mapping of strings (and lists/mappings of strings)::

    slug, questionnaire ("key:version"), languages [codes], mode, opens, closes (YYYY-MM-DD),
    areas [area codes], population_year, names/intro/thanks/privacy {language: text},
    organiser, contact

Errors are translated messages by field name; warnings do not stop saving. Nothing is stored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from questionnaires import QuestionnaireError
from surveyapp.db import db
from surveyapp.geo.models import Area
from surveyapp.geo.population import PopulationCell
from surveyapp.inputs import whole_number
from surveyapp.surveys.models import Campaign, CampaignMode, QuestionnaireVersion

SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SLUG_MIN, SLUG_MAX = 3, 64
NAME_MAX = 200
TEXT_MAX = 5000
ORGANISER_MAX = 300
CONTACT_MAX = 500
TEXT_FIELDS = ("names", "intro", "thanks", "privacy")
YEAR_RANGE = (1900, 2100)


@dataclass
class Checked:
    """Cleaned values, translated errors by field name and warnings of campaign settings."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether the settings can be saved."""
        return not self.errors


def _text(data: Mapping[str, Any], name: str) -> str:
    value = data.get(name)
    return "" if value is None else str(value).replace("\r\n", "\n").strip()


def _strings(data: Mapping[str, Any], name: str) -> list[str]:
    value = data.get(name) or []
    if isinstance(value, str):
        value = [part for part in re.split(r"[,\s]+", value) if part]
    return sorted({str(item).strip() for item in value if str(item).strip()})


def _too_long(length: int, limit: int) -> str:
    return _("The text is too long: %(length)s characters, at most %(limit)s.",
             length=length, limit=limit)


def find_questionnaire(reference: str) -> QuestionnaireVersion | None:
    """The stored version named ``key:version``."""
    key, _sep, version = reference.partition(":")
    return db.session.scalar(select(QuestionnaireVersion).where(
        QuestionnaireVersion.key == key, QuestionnaireVersion.version == version))


def usable_questionnaires() -> list[QuestionnaireVersion]:
    """Stored versions a campaign may use: stored versions never change (frozen), and only
    those whose definition still validates are offered."""
    versions = db.session.scalars(
        select(QuestionnaireVersion).order_by(QuestionnaireVersion.key,
                                              QuestionnaireVersion.id.desc())).all()
    return [version for version in versions if _valid(version)]


def _valid(version: QuestionnaireVersion) -> bool:
    try:
        version.model()
    except QuestionnaireError:
        return False
    return True


def check_campaign(data: Mapping[str, Any], campaign: Campaign | None = None,
                   locked: frozenset[str] = frozenset()) -> Checked:
    """Check every setting; ``campaign`` is the one being edited (its own slug is not a
    duplicate) and ``locked`` names fields that may not change (it has responses)."""
    result = Checked()
    _check_slug(data, campaign, result)
    questionnaire = _check_questionnaire(data, result)
    _check_languages(data, questionnaire, result)
    mode = _text(data, "mode")
    if mode not in tuple(CampaignMode):
        result.errors["mode"] = _("Choose how residents answer: letters, open link or both.")
    result.values["mode"] = mode
    _check_dates(data, result)
    areas = _check_areas(data, result)
    _check_population_year(data, areas, result)
    _check_texts(data, questionnaire, result)
    _check_locked(campaign, locked, result)
    return result


def _check_slug(data: Mapping[str, Any], campaign: Campaign | None, result: Checked) -> None:
    slug = _text(data, "slug")
    result.values["slug"] = slug
    if not (SLUG_MIN <= len(slug) <= SLUG_MAX and SLUG_PATTERN.fullmatch(slug)):
        result.errors["slug"] = _(
            "The address name must be %(low)s–%(high)s small letters a–z, digits and single "
            "hyphens, for example trygghet-2026.", low=SLUG_MIN, high=SLUG_MAX)
        return
    other = db.session.scalar(select(Campaign).where(Campaign.slug == slug))
    if other is not None and other is not campaign:
        result.errors["slug"] = _("Another campaign already uses the address name %(slug)s.",
                                  slug=slug)


def _check_questionnaire(data: Mapping[str, Any], result: Checked
                         ) -> QuestionnaireVersion | None:
    reference = _text(data, "questionnaire")
    version = find_questionnaire(reference) if reference else None
    if version is None or not _valid(version):
        result.errors["questionnaire"] = _("Choose a stored questionnaire version.")
        return None
    result.values["questionnaire"] = version
    return version


def _check_languages(data: Mapping[str, Any], questionnaire: QuestionnaireVersion | None,
                     result: Checked) -> None:
    languages = _strings(data, "languages")
    if not languages:
        result.errors["languages"] = _("Choose at least one language.")
        return
    if questionnaire is None:
        return
    offered = list(questionnaire.languages)
    missing = [code for code in languages if code not in offered]
    if missing:
        result.errors["languages"] = _(
            "The questionnaire has no texts in: %(languages)s.", languages=", ".join(missing))
        return
    result.values["languages"] = [code for code in offered if code in languages]


def _check_dates(data: Mapping[str, Any], result: Checked) -> None:
    for name in ("opens", "closes"):
        try:
            result.values[name] = date.fromisoformat(_text(data, name))
        except ValueError:
            result.errors[name] = _("Write the date as YYYY-MM-DD.")
    opens, closes = result.values.get("opens"), result.values.get("closes")
    if opens and closes and closes < opens:
        result.errors["closes"] = _("The closing date is before the opening date.")


def _check_areas(data: Mapping[str, Any], result: Checked) -> list[Area]:
    codes = _strings(data, "areas")
    if not codes:
        result.errors["areas"] = _("Choose at least one area.")
        return []
    areas = list(db.session.scalars(select(Area).where(Area.code.in_(codes))
                                    .order_by(Area.name)))
    unknown = sorted(set(codes) - {area.code for area in areas})
    if unknown:
        result.errors["areas"] = _("Unknown area codes: %(codes)s.", codes=", ".join(unknown))
        return []
    result.values["areas"] = areas
    return areas


def _check_population_year(data: Mapping[str, Any], areas: list[Area], result: Checked) -> None:
    typed = _text(data, "population_year")
    result.values["population_year"] = None
    if not typed:
        return
    year = whole_number(typed, *YEAR_RANGE)
    if year is None:
        result.errors["population_year"] = _("Write the population year as four digits.")
        return
    result.values["population_year"] = year
    if not areas:
        return
    counted = set(db.session.scalars(
        select(PopulationCell.area_id).where(PopulationCell.year == year).distinct()))
    without = [area.name for area in areas if area.id not in counted]
    if without:
        result.warnings.append(_(
            "These areas have no population for %(year)s, so their answers cannot be weighted "
            "with that year: %(areas)s.", year=year, areas=", ".join(without)))


def _check_texts(data: Mapping[str, Any], questionnaire: QuestionnaireVersion | None,
                 result: Checked) -> None:
    for name in TEXT_FIELDS:
        given = data.get(name) or {}
        if not isinstance(given, Mapping):
            result.errors[name] = _("Give the texts per language.")
            continue
        limit = NAME_MAX if name == "names" else TEXT_MAX
        texts = {}
        for language, value in given.items():
            text = "" if value is None else str(value).replace("\r\n", "\n").strip()
            if len(text) > limit:
                result.errors[f"{name}_{language}"] = _too_long(len(text), limit)
            elif text:
                texts[str(language)] = text
        result.values[name] = texts
    source = questionnaire.languages[0] if questionnaire is not None else "sv"
    if not result.values.get("names", {}).get(source) and f"names_{source}" not in result.errors:
        result.errors[f"names_{source}"] = _("Give the campaign a name in the source language.")
    for name, limit in (("organiser", ORGANISER_MAX), ("contact", CONTACT_MAX)):
        text = _text(data, name)
        if len(text) > limit:
            result.errors[name] = _too_long(len(text), limit)
        result.values[name] = text or None


def _check_locked(campaign: Campaign | None, locked: frozenset[str], result: Checked) -> None:
    if campaign is None:
        return
    current = {
        "slug": campaign.slug,
        "questionnaire": campaign.questionnaire,
        "mode": campaign.mode,
        "areas": sorted(area.code for area in campaign.areas),
    }
    for name in locked:
        given = result.values.get(name)
        if name == "areas" and given is not None:
            given = sorted(area.code for area in given)
        if name in result.values and given != current[name] and name not in result.errors:
            result.errors[name] = (
                _("This campaign has invitation codes or answers, so its address name cannot "
                  "change.") if name == "slug"
                else _("This campaign already has answers, so this cannot change."))
