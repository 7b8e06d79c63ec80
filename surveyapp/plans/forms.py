"""Reading and checking the plan, plan item and approval forms. Nothing is stored here."""

from __future__ import annotations

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from surveyapp.problems.forms import read_day
from surveyapp.problems.models import Problem
from surveyapp.text import clean_text
from surveyapp.walks.forms import FormResult

TEXT_MAX = 5000


def _raw(form: MultiDict, names: tuple[str, ...]) -> FormResult:
    return FormResult(raw={name: clean_text(form.get(name) or "") for name in names})


def _required(result: FormResult, name: str, limit: int, missing: str) -> None:
    value = result.raw[name]
    if not value:
        result.errors[name] = missing
    elif len(value) > limit:
        result.errors[name] = _("The text is too long: %(length)s characters, at most "
                                "%(limit)s.", length=len(value), limit=limit)
    else:
        result.values[name] = value


def read_plan(form: MultiDict) -> FormResult:
    """Check the plan's title and period."""
    result = _raw(form, ("title", "period_start", "period_end"))
    _required(result, "title", 200, _("Give the plan a title."))
    read_day(result, "period_start")
    read_day(result, "period_end")
    start, end = result.values.get("period_start"), result.values.get("period_end")
    if start and end and end < start:
        result.errors["period_end"] = _("The period ends before it starts.")
    return result


def read_item(form: MultiDict, problems: list[Problem], organisation_ids: set[int],
              series_ids: set[int]) -> FormResult:
    """Check a plan item: a prioritised problem and one of its causes, the action's title and
    responsible organisation, resources, expected effect and the indicator that will show it
    (an imported series, or a named indicator such as the survey's)."""
    result = _raw(form, ("title", "organisation", "problem", "cause", "resources",
                         "expected_effect", "series", "indicator_note", "due"))
    raw, errors, values = result.raw, result.errors, result.values
    _required(result, "title", 200, _("Give the action a title."))
    _required(result, "expected_effect", TEXT_MAX, _("Say what effect the action should have."))
    if len(raw["resources"]) > TEXT_MAX:
        errors["resources"] = _("The text is too long: %(length)s characters, at most "
                                "%(limit)s.", length=len(raw["resources"]), limit=TEXT_MAX)
    values["resources"] = raw["resources"]
    if not raw["organisation"].isdigit() or int(raw["organisation"]) not in organisation_ids:
        errors["organisation"] = _("Choose the responsible organisation from the list.")
    else:
        values["organisation_id"] = int(raw["organisation"])
    by_id = {str(p.id): p for p in problems}
    problem = by_id.get(raw["problem"])
    if problem is None:
        errors["problem"] = _("Choose a prioritised problem from the list.")
    else:
        values["problem"] = problem
        causes = {str(c.id): c for c in problem.causes}
        if raw["cause"] and raw["cause"] not in causes:
            errors["cause"] = _("Choose a cause of the chosen problem.")
        values["cause"] = causes.get(raw["cause"])
    values["series_id"] = None
    if raw["series"]:
        if not raw["series"].isdigit() or int(raw["series"]) not in series_ids:
            errors["series"] = _("Choose an indicator from the list.")
        else:
            values["series_id"] = int(raw["series"])
    if len(raw["indicator_note"]) > 300:
        errors["indicator_note"] = _("The text is too long: %(length)s characters, at most "
                                     "%(limit)s.", length=len(raw["indicator_note"]), limit=300)
    values["indicator_note"] = raw["indicator_note"]
    if not raw["series"] and not raw["indicator_note"]:
        errors["indicator_note"] = _("Say which indicator will show the effect.")
    read_day(result, "due", required=False)
    return result


def read_approval(form: MultiDict) -> FormResult:
    """Check the approving body, its reference (e.g. § 39) and the date."""
    result = _raw(form, ("approved_by", "approval_reference", "approved_on"))
    _required(result, "approved_by", 200, _("Say which body approved the plan."))
    _required(result, "approval_reference", 100,
              _("Write the reference of the decision, e.g. § 39."))
    read_day(result, "approved_on")
    return result


def read_evaluation(form: MultiDict) -> FormResult:
    """Check the process evaluation (was it done as planned?) and the effect evaluation."""
    result = _raw(form, ("process_evaluation", "effect_evaluation"))
    for name in ("process_evaluation", "effect_evaluation"):
        value = result.raw[name]
        if len(value) > TEXT_MAX:
            result.errors[name] = _("The text is too long: %(length)s characters, at most "
                                    "%(limit)s.", length=len(value), limit=TEXT_MAX)
        else:
            result.values[name] = value
    return result
