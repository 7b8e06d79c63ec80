"""Reading and checking the promise, commitment and follow-up forms. Nothing is stored here."""

from __future__ import annotations

import re

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from surveyapp.i18n import LANGUAGES
from surveyapp.problems.forms import read_day
from surveyapp.text import clean_text
from surveyapp.walks.forms import FormResult

TEXT_MAX = 5000


def _raw(form: MultiDict, names: list[str]) -> FormResult:
    return FormResult(raw={name: clean_text(form.get(name) or "") for name in names})


def _texts(result: FormResult, prefix: str, limit: int, missing: str) -> dict[str, str]:
    texts = {}
    for language in LANGUAGES:
        name = f"{prefix}_{language}"
        value = result.raw[name]
        if len(value) > limit:
            result.errors[name] = _("The text is too long: %(length)s characters, at most "
                                    "%(limit)s.", length=len(value), limit=limit)
        elif value:
            texts[language] = value
    if "sv" not in texts and f"{prefix}_sv" not in result.errors:
        result.errors[f"{prefix}_sv"] = missing
    return texts


def read_promise(form: MultiDict, area_ids: set[int]) -> FormResult:
    """Check address, area, period, who signed and when, and the titles and texts per language
    (Swedish required, the others optional)."""
    names = ["slug", "area", "period_start", "period_end", "signed_police",
             "signed_municipality", "signed_on"]
    names += [f"{p}_{lang}" for p in ("title", "text") for lang in LANGUAGES]
    result = _raw(form, names)
    raw, errors, values = result.raw, result.errors, result.values
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{1,58}", raw["slug"]):
        errors["slug"] = _("Use 2–59 lower-case letters a–z, digits and hyphens.")
    else:
        values["slug"] = raw["slug"]
    values["area_id"] = None
    if raw["area"]:
        if not raw["area"].isdigit() or int(raw["area"]) not in area_ids:
            errors["area"] = _("Choose an area from the list.")
        else:
            values["area_id"] = int(raw["area"])
    for name in ("period_start", "period_end", "signed_on"):
        read_day(result, name)
    start, end = values.get("period_start"), values.get("period_end")
    if start and end and end < start:
        errors["period_end"] = _("The period ends before it starts.")
    for name, missing in (("signed_police", _("Say who signed for the police.")),
                          ("signed_municipality", _("Say who signed for the municipality."))):
        if not raw[name]:
            errors[name] = missing
        elif len(raw[name]) > 200:
            errors[name] = _("The text is too long: %(length)s characters, at most "
                             "%(limit)s.", length=len(raw[name]), limit=200)
        else:
            values[name] = raw[name]
    values["titles"] = _texts(result, "title", 200, _("Give the promise a Swedish title."))
    values["texts"] = _texts(result, "text", TEXT_MAX, _("Write the promise in Swedish."))
    return result


def read_commitment(form: MultiDict, action_ids: set[int], series_ids: set[int]) -> FormResult:
    """Check a commitment: texts per language (Swedish required), an action and an indicator."""
    result = _raw(form, [f"commitment_{lang}" for lang in LANGUAGES] + ["action", "series"])
    result.values["texts"] = _texts(result, "commitment", 1000,
                                    _("Write the commitment in Swedish."))
    for name, ids, key in (("action", action_ids, "action_id"),
                           ("series", series_ids, "indicator_series_id")):
        typed = result.raw[name]
        result.values[key] = None
        if typed:
            if not typed.isdigit() or int(typed) not in ids:
                result.errors[name] = _("Choose from the list.")
            else:
                result.values[key] = int(typed)
    return result


def read_follow_up(form: MultiDict) -> FormResult:
    """Check a follow-up note and its date."""
    result = _raw(form, ["noted_on", "note"])
    read_day(result, "noted_on")
    if not result.raw["note"]:
        result.errors["note"] = _("Write what the follow-up found.")
    elif len(result.raw["note"]) > TEXT_MAX:
        result.errors["note"] = _("The text is too long: %(length)s characters, at most "
                                  "%(limit)s.", length=len(result.raw["note"]), limit=TEXT_MAX)
    else:
        result.values["note"] = result.raw["note"]
    return result
