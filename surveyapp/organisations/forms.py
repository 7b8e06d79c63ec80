"""Reading and checking the organisation and membership forms. Nothing is stored here."""

from __future__ import annotations

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from surveyapp.organisations.models import REPORT_INTERVALS, OrganisationKind
from surveyapp.organisations.services import name_taken
from surveyapp.text import clean_text
from surveyapp.walks.forms import FormResult

NAME_MAX = 200


def read_organisation(form: MultiDict, except_id: int | None = None) -> FormResult:
    """Check name (required, unique), kind and how often it sends partner reports."""
    result = FormResult(raw={name: clean_text(form.get(name) or "")
                             for name in ("name", "kind", "report_every_weeks")})
    raw, errors, values = result.raw, result.errors, result.values
    if not raw["name"]:
        errors["name"] = _("Give the organisation a name.")
    elif len(raw["name"]) > NAME_MAX:
        errors["name"] = _("The text is too long: %(length)s characters, at most %(limit)s.",
                           length=len(raw["name"]), limit=NAME_MAX)
    elif name_taken(raw["name"], except_id):
        errors["name"] = _("There is already an organisation with that name.")
    else:
        values["name"] = raw["name"]
    if raw["kind"] not in set(OrganisationKind):
        errors["kind"] = _("Choose a kind of organisation from the list.")
    else:
        values["kind"] = raw["kind"]
    interval = raw["report_every_weeks"] or "0"
    if interval not in {str(n) for n in REPORT_INTERVALS}:
        errors["report_every_weeks"] = _("Choose how often the organisation reports.")
    else:
        values["report_every_weeks"] = int(interval)
    return result


def read_membership(form: MultiDict, organisation_ids: set[int]) -> tuple[int | None, str]:
    """The chosen organisation of a staff member (empty: none) and an error message or ''."""
    typed = (form.get("organisation") or "").strip()
    if not typed:
        return None, ""
    if not typed.isdigit() or int(typed) not in organisation_ids:
        return None, _("Choose an organisation from the list.")
    return int(typed), ""
