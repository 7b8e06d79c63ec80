"""Admins manage organisations and which organisation each staff member belongs to."""

from __future__ import annotations

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from surveyapp.auth.audit import record
from surveyapp.auth.models import Role
from surveyapp.auth.permissions import role_required
from surveyapp.auth.services import all_users, user_by_id
from surveyapp.organisations import bp
from surveyapp.organisations.forms import read_membership, read_organisation
from surveyapp.organisations.labels import KIND_LABELS, kind_label
from surveyapp.organisations.models import REPORT_INTERVALS, Organisation
from surveyapp.organisations.services import (
    InUse,
    all_organisations,
    delete_organisation,
    get_organisation,
    members,
    save_organisation,
    set_membership,
)
from surveyapp.prg import see_other
from surveyapp.walks.forms import FormResult


def _page(result: FormResult | None = None, status: int = 200, error: str = ""):
    html = render_template(
        "organisations/index.html", organisations=all_organisations(), users=all_users(),
        members=members(), result=result or FormResult(raw={"report_every_weeks": "0"}),
        kinds=list(KIND_LABELS), kind_label=kind_label, intervals=REPORT_INTERVALS,
        error=error)
    return html, status


def _organisation_or_404(organisation_id: int) -> Organisation:
    organisation = get_organisation(organisation_id)
    if organisation is None:
        abort(404)
    return organisation


@bp.get("/staff/organisations")
@role_required(Role.ADMIN)
def index():
    """Every organisation and the staff members' organisations."""
    return _page()


@bp.post("/staff/organisations")
@role_required(Role.ADMIN)
def create():
    """Add an organisation."""
    result = read_organisation(request.form)
    if not result.ok:
        return _page(result, 422)
    organisation = save_organisation(None, result.values)
    record(current_user, "organisation_created", organisation.name)
    return see_other(url_for("organisations.index", saved=1))


@bp.route("/staff/organisations/<int:organisation_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit(organisation_id: int):
    """Rename an organisation, change its kind or how often it reports."""
    organisation = _organisation_or_404(organisation_id)
    if request.method == "GET":
        result = FormResult(raw={"name": organisation.name, "kind": organisation.kind,
                                 "report_every_weeks": str(organisation.report_every_weeks)})
        status = 200
    else:
        result = read_organisation(request.form, organisation.id)
        if result.ok:
            save_organisation(organisation, result.values)
            record(current_user, "organisation_changed", organisation.name)
            return see_other(url_for("organisations.index", saved=1))
        status = 422
    html = render_template("organisations/edit.html", organisation=organisation, result=result,
                           kinds=list(KIND_LABELS), kind_label=kind_label,
                           intervals=REPORT_INTERVALS)
    return html, status


@bp.post("/staff/organisations/<int:organisation_id>/delete")
@role_required(Role.ADMIN)
def delete(organisation_id: int):
    """Delete an organisation that nothing depends on."""
    organisation = _organisation_or_404(organisation_id)
    try:
        delete_organisation(organisation)
    except InUse:
        return _page(status=409, error=_(
            "%(name)s is still responsible for actions or partner reports and cannot be "
            "deleted. Move them to another organisation first.", name=organisation.name))
    record(current_user, "organisation_deleted", organisation.name)
    return see_other(url_for("organisations.index", saved=1))


@bp.post("/staff/organisations/members/<int:user_id>")
@role_required(Role.ADMIN)
def membership(user_id: int):
    """Put a staff member in an organisation (or in none)."""
    user = user_by_id(user_id)
    if user is None:
        abort(404)
    organisation_id, error = read_membership(
        request.form, {o.id for o in all_organisations()})
    if error:
        return _page(status=422, error=error)
    set_membership(user.id, organisation_id)
    record(current_user, "organisation_member", f"{user.email}: {organisation_id or '-'}")
    return see_other(url_for("organisations.index", saved=1))
