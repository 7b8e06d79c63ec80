"""The period report: choose a tertial or a year, read it as HTML, download it as DOCX, freeze
it with its approval and read frozen versions back."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from flask import abort, render_template, request, url_for
from flask_babel import get_locale
from werkzeug.wrappers import Response

from surveyapp.auth.models import Role
from surveyapp.auth.permissions import role_required
from surveyapp.downloads import send_download
from surveyapp.prg import see_other
from surveyapp.reports import bp
from surveyapp.reports.content import build_report
from surveyapp.reports.docx_export import DOCX_MIMETYPE, to_docx
from surveyapp.reports.forms import read_approval, read_period
from surveyapp.reports.periods import Period
from surveyapp.reports.versions import document_of, freeze, get_version, period_of, versions_of
from surveyapp.walks.forms import FormResult


def _language() -> str:
    return str(get_locale() or "sv")


def _form(result: FormResult, status: int) -> tuple[str, int]:
    return render_template("reports/index.html", result=result), status


def _page(result: FormResult, approval: FormResult, status: int) -> tuple[str, int]:
    period: Period = result.values["period"]
    return render_template(
        "reports/report.html", report=build_report(period, _language()), result=result,
        approval=approval, versions=versions_of(period), today=date.today(),
        download=f"{url_for('reports.docx')}?{urlencode(result.raw)}"), status


@bp.get("/staff/reports")
@role_required(Role.ANALYST, Role.COORDINATOR)
def index() -> tuple[str, int]:
    """The period form; with a valid period, the printable report."""
    if not request.args:
        today = date.today()
        return _form(read_period({"kind": "tertial", "year": str(today.year),
                                  "tertial": str((today.month - 1) // 4 + 1)}), 200)
    result = read_period(request.args)
    if not result.ok:
        return _form(result, 422)
    return _page(result, FormResult(raw={"approved_on": date.today().isoformat()}), 200)


@bp.get("/staff/reports/docx")
@role_required(Role.ANALYST, Role.COORDINATOR)
def docx() -> Response | tuple[str, int]:
    """The report of the period as a Word document."""
    result = read_period(request.args)
    if not result.ok:
        return _form(result, 422)
    period = result.values["period"]
    body = to_docx(build_report(period, _language()))
    return send_download(body, DOCX_MIMETYPE, f"lagesbild-{period.slug()}.docx")


@bp.post("/staff/reports/versions")
@role_required(Role.ANALYST, Role.COORDINATOR)
def freeze_version() -> Response | tuple[str, int]:
    """Freeze the period's report as it is now, with its approval."""
    result = read_period(request.form)
    if not result.ok:
        return _form(result, 422)
    approval = read_approval(request.form)
    if not approval.ok:
        return _page(result, approval, 422)
    period = result.values["period"]
    version = freeze(period, build_report(period, _language()), approval.values, date.today())
    return see_other(url_for("reports.version", version_id=version.id))


def _version_or_404(version_id: int):
    version = get_version(version_id)
    if version is None:
        abort(404)
    return version


@bp.get("/staff/reports/versions/<int:version_id>")
@role_required(Role.ANALYST, Role.COORDINATOR)
def version(version_id: int) -> str:
    """A frozen version as it was approved."""
    found = _version_or_404(version_id)
    return render_template("reports/report.html", report=document_of(found), version=found,
                           today=found.created_on,
                           download=url_for("reports.version_docx", version_id=found.id))


@bp.get("/staff/reports/versions/<int:version_id>/docx")
@role_required(Role.ANALYST, Role.COORDINATOR)
def version_docx(version_id: int) -> Response:
    """A frozen version as a Word document."""
    found = _version_or_404(version_id)
    return send_download(to_docx(document_of(found)), DOCX_MIMETYPE,
                         f"lagesbild-{period_of(found).slug()}-v{found.id}.docx")
