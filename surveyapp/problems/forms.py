"""Reading and checking the problem, cause, priority and evidence forms. Nothing is stored."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from surveyapp.problems.models import CauseFactor, EvidenceKind, Priority
from surveyapp.text import clean_text
from surveyapp.walks.forms import FormResult

TITLE_MAX = 200
PLACE_MAX = 300
TEXT_MAX = 5000
DECISION_MAX = 300


def _raw(form: MultiDict, names: tuple[str, ...]) -> FormResult:
    return FormResult(raw={name: clean_text(form.get(name) or "") for name in names})


def _limited(result: FormResult, name: str, limit: int, missing: str = "") -> None:
    value = result.raw[name]
    if missing and not value:
        result.errors[name] = missing
    elif len(value) > limit:
        result.errors[name] = _("The text is too long: %(length)s characters, at most "
                                "%(limit)s.", length=len(value), limit=limit)
    else:
        result.values[name] = value


def read_day(result: FormResult, name: str, required: bool = True) -> None:
    """A date field written as YYYY-MM-DD (``None`` when empty and not required)."""
    typed = result.raw[name]
    if not typed and not required:
        result.values[name] = None
        return
    try:
        result.values[name] = date.fromisoformat(typed)
    except ValueError:
        result.errors[name] = _("Write the date as YYYY-MM-DD.")


def read_problem(form: MultiDict, area_ids: set[int]) -> FormResult:
    """Check title, description, area, place and the period (first day ≤ last day)."""
    result = _raw(form, ("title", "description", "area", "place", "period_start",
                         "period_end"))
    _limited(result, "title", TITLE_MAX, _("Name the problem."))
    _limited(result, "description", TEXT_MAX)
    _limited(result, "place", PLACE_MAX)
    area = result.raw["area"]
    result.values["area_id"] = None
    if area:
        if not area.isdigit() or int(area) not in area_ids:
            result.errors["area"] = _("Choose an area from the list.")
        else:
            result.values["area_id"] = int(area)
    read_day(result, "period_start")
    read_day(result, "period_end")
    start, end = result.values.get("period_start"), result.values.get("period_end")
    if start and end and end < start:
        result.errors["period_end"] = _("The period ends before it starts.")
    return result


def read_cause(form: MultiDict) -> FormResult:
    """Check a cause: its factor and what it is."""
    result = _raw(form, ("factor", "cause"))
    if result.raw["factor"] not in set(CauseFactor):
        result.errors["factor"] = _("Choose which factor the cause belongs to.")
    else:
        result.values["factor"] = result.raw["factor"]
    _limited(result, "cause", TEXT_MAX, _("Describe the cause."))
    return result


def read_priority(form: MultiDict) -> FormResult:
    """Check the priority and the decision that set it (body and reference, and the date)."""
    result = _raw(form, ("priority", "priority_decision", "prioritised_on"))
    if result.raw["priority"] not in set(Priority):
        result.errors["priority"] = _("Choose a priority.")
    else:
        result.values["priority"] = result.raw["priority"]
    _limited(result, "priority_decision", DECISION_MAX,
             _("Say which decision set the priority (body and paragraph)."))
    read_day(result, "prioritised_on")
    return result


def read_evidence(form: MultiDict) -> FormResult:
    """Check the kind of evidence and its reference (campaign, number or indicator)."""
    result = _raw(form, ("kind", "campaign", "number", "series", "note"))
    raw, errors, values = result.raw, result.errors, result.values
    _limited(result, "note", TEXT_MAX)
    kind = raw["kind"]
    if kind not in set(EvidenceKind):
        errors["kind"] = _("Choose the kind of evidence.")
        return result
    values["kind"] = kind
    if kind == EvidenceKind.SURVEY_INDICATOR:
        if not raw["campaign"]:
            errors["campaign"] = _("Choose a campaign from the list.")
        values["ref"] = raw["campaign"]
    elif kind in (EvidenceKind.PIN, EvidenceKind.OBSERVATION):
        if not raw["number"].isdigit():
            errors["number"] = _("Write the number of the pin or observation.")
        else:
            values["ref"] = int(raw["number"])
    elif kind == EvidenceKind.INDICATOR_SERIES:
        if not raw["series"].isdigit():
            errors["series"] = _("Choose an indicator from the list.")
        else:
            values["ref"] = int(raw["series"])
    return result
