"""The period report: choose a tertial or a year, read it as HTML, download it as DOCX."""

from __future__ import annotations

from datetime import date

from flask import render_template, request
from flask_babel import get_locale
from werkzeug.wrappers import Response

from surveyapp.auth.models import Role
from surveyapp.auth.permissions import role_required
from surveyapp.downloads import send_download
from surveyapp.reports import bp
from surveyapp.reports.content import build_report
from surveyapp.reports.docx_export import DOCX_MIMETYPE, to_docx
from surveyapp.reports.forms import read_period


def _form(result, status: int) -> tuple[str, int]:
    return render_template("reports/index.html", result=result), status


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
    report = build_report(result.values["period"], str(get_locale() or "sv"))
    return render_template("reports/report.html", report=report, result=result,
                           today=date.today()), 200


@bp.get("/staff/reports/docx")
@role_required(Role.ANALYST, Role.COORDINATOR)
def docx() -> Response | tuple[str, int]:
    """The report of the period as a Word document."""
    result = read_period(request.args)
    if not result.ok:
        return _form(result, 422)
    period = result.values["period"]
    body = to_docx(build_report(period, str(get_locale() or "sv")))
    return send_download(body, DOCX_MIMETYPE, f"lagesbild-{period.slug()}.docx")
