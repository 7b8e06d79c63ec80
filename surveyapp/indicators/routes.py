"""Analysts import indicator series and read them with rates, source and definition."""

from __future__ import annotations

from datetime import date

from flask import abort, render_template, request, url_for
from flask_login import current_user

from surveyapp.auth.audit import record
from surveyapp.auth.models import Role
from surveyapp.auth.permissions import role_required
from surveyapp.indicators import bp
from surveyapp.indicators.forms import read_import
from surveyapp.indicators.parsing import IndicatorFileError, table_from_upload
from surveyapp.indicators.rates import SMALL_COUNT_LIMIT
from surveyapp.indicators.services import (
    SeriesDescription,
    all_series,
    get_series,
    import_series,
    value_rows,
)
from surveyapp.prg import see_other
from surveyapp.walks.forms import FormResult


def _page(result: FormResult, problems: list[str] | None = None, status: int = 200):
    html = render_template("indicators/index.html", series=all_series(), result=result,
                           problems=problems or [], small=SMALL_COUNT_LIMIT)
    return html, status


@bp.get("/staff/indicators")
@role_required(Role.ANALYST)
def index():
    """Every series with its source and definition, and the import form."""
    return _page(FormResult(raw={"measure": "count"}))


@bp.post("/staff/indicators")
@role_required(Role.ANALYST)
def upload():
    """Import a CSV/XLSX file: all rows or, when any row is wrong, none."""
    upload_file = request.files.get("file")
    result = read_import(request.form, upload_file)
    if not result.ok or upload_file is None:
        return _page(result, status=422)
    values = result.values
    try:
        table = table_from_upload(values["filename"], upload_file.read())
        stored = import_series(SeriesDescription(values["name"], values["source"],
                                                 values["definition"], values["measure"]),
                               table, date.today())
    except IndicatorFileError as error:
        return _page(result, error.problems, 422)
    record(current_user, "indicator_imported", ", ".join(s.name for s in stored)[:300])
    return see_other(url_for("indicators.index", saved=len(stored)))


@bp.get("/staff/indicators/<int:series_id>")
@role_required(Role.ANALYST)
def series_page(series_id: int) -> str:
    """A series by area and period: value, population and rate per 100 000."""
    series = get_series(series_id)
    if series is None:
        abort(404)
    return render_template("indicators/series.html", series=series, rows=value_rows(series),
                           small=SMALL_COUNT_LIMIT)
