"""Partners file reports; moderators check their free text; analysts read the summary."""

from __future__ import annotations

from datetime import date

from flask import abort, render_template, request, url_for
from flask_login import current_user

from surveyapp.actions.services import all_areas
from surveyapp.auth.models import Role
from surveyapp.auth.permissions import role_required, staff_member
from surveyapp.organisations.models import Organisation
from surveyapp.organisations.services import organisation_id_of, reporting_organisations
from surveyapp.partners import bp
from surveyapp.partners.forms import EVENT_ROWS, read_report
from surveyapp.partners.labels import (
    CATEGORY_LABELS,
    TIME_LABELS,
    event_label,
    note_label,
    time_label,
)
from surveyapp.partners.services import (
    get_report,
    moderate,
    not_reported,
    pending_notes,
    reports_between,
    submit_report,
    summarise,
)
from surveyapp.prg import see_other
from surveyapp.walks.forms import FormResult


def _labels() -> dict:
    return {"event_label": event_label, "time_label": time_label, "note_label": note_label,
            "categories": list(CATEGORY_LABELS), "times": list(TIME_LABELS)}


def _reporting_for() -> list[Organisation]:
    """Organisations the user may report for: admins and coordinators any, others their own."""
    choices = reporting_organisations()
    if current_user.has_role(Role.COORDINATOR):
        return choices
    own = organisation_id_of(current_user.id)
    return [o for o in choices if o.id == own]


@bp.route("/staff/partner-reports/new", methods=["GET", "POST"])
@staff_member
def new_report():
    """The short form a partner fills in for one area and period."""
    organisations = _reporting_for()
    if request.method == "GET":
        raw = {"period": date.today().isoformat(),
               "organisation": str(organisations[0].id) if len(organisations) == 1 else ""}
        result, status = FormResult(raw=raw), 200
    else:
        result = read_report(request.form, {a.id for a in all_areas()},
                             {o.id for o in organisations})
        if result.ok:
            report = submit_report(result.values, current_user.id, date.today())
            return see_other(url_for("partners.new_report", saved=report.id))
        status = 422
    html = render_template("partners/form.html", result=result, organisations=organisations,
                           areas=all_areas(), rows=range(1, EVENT_ROWS + 1), **_labels())
    return html, status


def _day(name: str, default: date) -> date:
    try:
        return date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return default


@bp.get("/staff/partner-reports")
@role_required(Role.ANALYST, Role.COORDINATOR)
def summary() -> str:
    """Events reported in a span of days, and who has not reported this period."""
    today = date.today()
    first = _day("from", today.replace(day=1))
    last = _day("to", today)
    reports = reports_between(min(first, last), max(first, last))
    return render_template(
        "partners/summary.html", first=min(first, last), last=max(first, last),
        reports=reports, summary=summarise(reports), missing=not_reported(today),
        today=today, **_labels())


@bp.get("/staff/partner-reports/moderation")
@role_required(Role.MODERATOR)
def moderation() -> str:
    """Partner reports whose free text waits for a moderator."""
    return render_template("partners/moderation.html", reports=pending_notes(), **_labels())


@bp.post("/staff/partner-reports/<int:report_id>/moderate")
@role_required(Role.MODERATOR)
def moderate_note(report_id: int):
    """Approve or reject a report's free text."""
    report = get_report(report_id)
    if report is None:
        abort(404)
    decision = request.form.get("decision")
    if decision not in ("approve", "reject"):
        abort(400)
    moderate(report, decision == "approve")
    return see_other(url_for("partners.moderation"))
