"""Reading a dialogue's settings from plain values (staff form, CLI options or API JSON).

All three front ends hand the same flat mapping to ``read_dialogue``: ``slug``,
``title_<lang>``, ``intro_<lang>``, ``areas`` (list of area codes), ``category_source``
(``library`` or ``custom``), ``custom_categories`` (text, see ``categories.py``),
``comments_allowed`` and ``me_too_shown`` (yes/no), ``moderation``, ``opens`` and ``closes``
(ISO dates). Every field is checked and all problems are reported at once, per field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import gettext as _

from surveyapp.dialogue.categories import categories_text, parse_categories
from surveyapp.dialogue.models import MODERATION_RULES, Dialogue, ModerationRule
from surveyapp.i18n import LANGUAGES
from surveyapp.text import clean_text

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$")
TITLE_MAX_LENGTH = 200
INTRO_MAX_LENGTH = 2000
YES = ("1", "true", "yes", "on")
NO = ("", "0", "false", "no", "off")
FIELDS = ("slug", *(f"title_{lang}" for lang in LANGUAGES),
          *(f"intro_{lang}" for lang in LANGUAGES), "areas", "category_source",
          "custom_categories", "comments_allowed", "me_too_shown", "photos_allowed",
          "moderation", "opens", "closes")


@dataclass
class DialogueInput:
    """Checked settings of a dialogue, ready for the services."""

    slug: str = ""
    titles: dict[str, str] = field(default_factory=dict)
    intros: dict[str, str] = field(default_factory=dict)
    area_codes: list[str] = field(default_factory=list)
    categories: list[dict[str, Any]] | None = None
    comments_allowed: bool = True
    me_too_shown: bool = True
    photos_allowed: bool = False
    moderation: str = ModerationRule.TEXT_WAITS
    opens: date | None = None
    closes: date | None = None


def current_values(dialogue: Dialogue) -> dict[str, Any]:
    """A stored dialogue as the flat values ``read_dialogue`` takes (to edit it)."""
    values: dict[str, Any] = {
        "slug": dialogue.slug,
        "areas": [area.code for area in dialogue.areas],
        "category_source": "custom" if dialogue.categories else "library",
        "custom_categories": categories_text(dialogue.categories),
        "comments_allowed": "1" if dialogue.comments_allowed else "0",
        "me_too_shown": "1" if dialogue.me_too_shown else "0",
        "photos_allowed": "1" if dialogue.photos_allowed else "0",
        "moderation": dialogue.moderation,
        "opens": dialogue.opens.isoformat(),
        "closes": dialogue.closes.isoformat(),
    }
    for language in LANGUAGES:
        values[f"title_{language}"] = (dialogue.titles or {}).get(language, "")
        values[f"intro_{language}"] = (dialogue.intros or {}).get(language, "")
    values["title_sv"] = values["title_sv"] or dialogue.name
    return values


def _text(values: dict[str, Any], name: str) -> str:
    raw = values.get(name)
    return clean_text(raw) if isinstance(raw, str) else ""


def _flag(values: dict[str, Any], name: str, errors: dict[str, str]) -> bool:
    raw = values.get(name, "")
    raw = ("1" if raw else "0") if isinstance(raw, bool) else str(raw).strip().lower()
    if raw not in YES + NO:
        errors[name] = _("Choose yes or no.")
    return raw in YES


def _date(values: dict[str, Any], name: str, errors: dict[str, str]) -> date | None:
    raw = str(values.get(name) or "").strip()
    try:
        return date.fromisoformat(raw)
    except ValueError:
        errors[name] = _("Write the date as YYYY-MM-DD, for example 2026-09-01.")
        return None


def _texts(values: dict[str, Any], prefix: str, limit: int, errors: dict[str, str]) -> dict:
    texts = {}
    for language in LANGUAGES:
        text = _text(values, f"{prefix}_{language}")
        if len(text) > limit:
            errors[f"{prefix}_{language}"] = _(
                "The text is too long: %(length)s characters, at most %(limit)s.",
                length=len(text), limit=limit)
        elif text:
            texts[language] = text
    return texts


def _areas(values: dict[str, Any], errors: dict[str, str]) -> list[str]:
    raw = values.get("areas") or []
    if not isinstance(raw, str | list | tuple):
        errors["areas"] = _("Choose at least one area.")
        return []
    codes = [raw] if isinstance(raw, str) else list(raw)
    codes = [str(code).strip() for code in codes if str(code).strip()]
    if not codes:
        errors["areas"] = _("Choose at least one area.")
    return list(dict.fromkeys(codes))


def _categories(values: dict[str, Any], errors: dict[str, str]) -> list[dict] | None:
    source = str(values.get("category_source") or "library")
    if source == "library":
        return None
    if source != "custom":
        errors["category_source"] = _("Choose the standard categories or your own list.")
        return None
    categories, error = parse_categories(str(values.get("custom_categories") or ""))
    if error:
        errors["custom_categories"] = error
    return categories


def read_dialogue(values: dict[str, Any]) -> tuple[DialogueInput, dict[str, str]]:
    """Check ``values``; returns the cleaned input and the errors per field (empty when valid).

    Checks that need the database (duplicate slug, unknown areas, pins left outside) are the
    services' job.
    """
    errors: dict[str, str] = {}
    unknown = sorted(set(values) - set(FIELDS) - {"csrf_token"})
    if unknown:
        errors["unknown"] = _("Unknown fields: %(names)s", names=", ".join(unknown))
    data = DialogueInput(slug=_text(values, "slug"))
    if not SLUG.match(data.slug):
        errors["slug"] = _("Use 2–64 lower-case letters a–z, digits and hyphens (not first or "
                           "last), for example trygghet-2026.")
    data.titles = _texts(values, "title", TITLE_MAX_LENGTH, errors)
    if "title_sv" not in errors and "sv" not in data.titles:
        errors["title_sv"] = _("Write the title in Swedish.")
    data.intros = _texts(values, "intro", INTRO_MAX_LENGTH, errors)
    data.area_codes = _areas(values, errors)
    data.categories = _categories(values, errors)
    data.comments_allowed = _flag(values, "comments_allowed", errors)
    data.me_too_shown = _flag(values, "me_too_shown", errors)
    data.photos_allowed = _flag(values, "photos_allowed", errors)
    data.moderation = str(values.get("moderation") or "")
    if data.moderation not in MODERATION_RULES:
        errors["moderation"] = _("Choose how pins are moderated.")
    data.opens = _date(values, "opens", errors)
    data.closes = _date(values, "closes", errors)
    if data.opens and data.closes and data.closes < data.opens:
        errors["closes"] = _("The closing date is before the opening date.")
    return data, errors


# What a new dialogue gets for the fields a caller leaves out (CLI and API; the staff form
# shows them pre-filled).
DEFAULTS: dict[str, Any] = {
    "category_source": "library",
    "comments_allowed": "1",
    "me_too_shown": "1",
    "photos_allowed": "0",
    "moderation": ModerationRule.TEXT_WAITS,
}
