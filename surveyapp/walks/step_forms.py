"""Reading and checking the forms of a walk's first and third steps (förmöte, uppföljande möte).

Like :mod:`surveyapp.walks.forms`: each reader returns cleaned values and translated errors by
field name, and nothing is stored here.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from surveyapp.inputs import whole_number
from surveyapp.text import clean_text
from surveyapp.walks.forms import FormResult

PURPOSE_MAX = 2000
NOTES_MAX = 4000
OTHER_INVITEES_MAX = 500


def _optional_date(result: FormResult, name: str) -> None:
    typed = result.raw[name]
    if not typed:
        result.values[name] = None
        return
    try:
        result.values[name] = date.fromisoformat(typed)
    except ValueError:
        result.errors[name] = _("Write the date as YYYY-MM-DD.")


def _text(result: FormResult, name: str, limit: int) -> None:
    value = result.raw[name]
    if len(value) > limit:
        result.errors[name] = _("The text is too long: %(length)s characters, at most %(limit)s.",
                                length=len(value), limit=limit)
    else:
        result.values[name] = value


def _chosen(form: MultiDict, name: str, allowed: set[int]) -> list[int] | None:
    """The ticked ids, or None when any of them is not one of ``allowed``."""
    chosen = []
    for typed in form.getlist(name):
        number = whole_number(typed)
        if number not in allowed:
            return None
        if number not in chosen:
            chosen.append(number)
    return chosen


def read_planning(form: MultiDict, organisation_ids: set[int]) -> FormResult:
    """Check the förmöte: its date, the walk's purpose, invited organisations, other invited
    actors and notes (the route is the walk's own field)."""
    result = FormResult(raw={name: clean_text(form.get(name) or "") for name in (
        "planning_date", "purpose", "other_invitees", "planning_notes")})
    _optional_date(result, "planning_date")
    _text(result, "purpose", PURPOSE_MAX)
    if "purpose" in result.values and not result.values["purpose"]:
        result.errors["purpose"] = _("Write what the walk is for.")
    _text(result, "other_invitees", OTHER_INVITEES_MAX)
    _text(result, "planning_notes", NOTES_MAX)
    invitees = _chosen(form, "invitee", organisation_ids)
    if invitees is None:
        result.errors["invitee"] = _("Choose the invited organisations from the list.")
    else:
        result.values["invitee_ids"] = invitees
    result.raw["invitee"] = ",".join(form.getlist("invitee"))
    return result


def read_follow_up(form: MultiDict, action_ids: set[int]) -> FormResult:
    """Check the uppföljande möte: its date, notes and the agreed actions (existing actions)."""
    result = FormResult(raw={name: clean_text(form.get(name) or "") for name in (
        "follow_up_date", "follow_up_notes")})
    _optional_date(result, "follow_up_date")
    _text(result, "follow_up_notes", NOTES_MAX)
    agreed = _chosen(form, "action", action_ids)
    if agreed is None:
        result.errors["action"] = _("Choose the agreed actions from the list.")
    else:
        result.values["action_ids"] = agreed
    result.raw["action"] = ",".join(form.getlist("action"))
    return result
