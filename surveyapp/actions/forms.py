"""Reading and checking the action form. Nothing is stored here."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from surveyapp.actions.models import ActionStatus
from surveyapp.inputs import whole_number
from surveyapp.text import clean_text
from surveyapp.walks.forms import FormResult

TITLE_MAX = 200
TEXT_MAX = 5000


def _text(form: MultiDict, name: str) -> str:
    return clean_text(form.get(name) or "")


def _ids(form: MultiDict, name: str) -> list[int]:
    numbers = (whole_number(value) for value in form.getlist(name))
    return sorted({number for number in numbers if number is not None})


def read_action(form: MultiDict, area_ids: set[int], organisation_ids: set[int]) -> FormResult:
    """Check title, organisation (one of ``organisation_ids``: those the user may act for),
    status (a reason when rejected), a comment on the status, due date, feedback and links."""
    names = ("title", "description", "organisation", "status", "rejection_reason", "due",
             "public_feedback", "area", "status_comment")
    result = FormResult(raw={name: _text(form, name) for name in names})
    raw, errors, values = result.raw, result.errors, result.values
    for name, limit in (("title", TITLE_MAX), ("description", TEXT_MAX),
                        ("rejection_reason", TEXT_MAX), ("public_feedback", TEXT_MAX),
                        ("status_comment", TEXT_MAX)):
        if len(raw[name]) > limit:
            errors[name] = _("The text is too long: %(length)s characters, at most %(limit)s.",
                             length=len(raw[name]), limit=limit)
        else:
            values[name] = raw[name]
    if not raw["title"]:
        errors["title"] = _("Give the action a title.")
    if not raw["organisation"].isdigit() or int(raw["organisation"]) not in organisation_ids:
        errors["organisation"] = _("Choose the responsible organisation from the list.")
    else:
        values["organisation_id"] = int(raw["organisation"])
    if raw["status"] not in set(ActionStatus):
        errors["status"] = _("Choose a status from the list.")
    else:
        values["status"] = raw["status"]
    if raw["status"] == ActionStatus.REJECTED and not raw["rejection_reason"]:
        errors["rejection_reason"] = _("Say why the action is not carried out.")
    if raw["status"] != ActionStatus.REJECTED:
        values["rejection_reason"] = None
    values["due"] = None
    if raw["due"]:
        try:
            values["due"] = date.fromisoformat(raw["due"])
        except ValueError:
            errors["due"] = _("Write the date as YYYY-MM-DD.")
    values["area_id"] = None
    if raw["area"]:
        area_id = whole_number(raw["area"])
        if area_id not in area_ids:
            errors["area"] = _("Choose an area from the list.")
        else:
            values["area_id"] = area_id
    values["observation_ids"] = _ids(form, "observation")
    values["pin_ids"] = _ids(form, "pin")
    return result
