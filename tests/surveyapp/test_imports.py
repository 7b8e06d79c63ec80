"""Importing response files: SPSS and XLSX round trips through the app's own exports, every
problem of an invalid file listed with row and column, nothing stored on failure, the mapping
form (CSRF, validation), value mapping by SPSS labels, roles, and the background thread."""

from __future__ import annotations

import csv
import io
import os
import tempfile

import numpy as np
import pandas as pd
import pyreadstat
import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from surveyapp.csv_dialects import EXCEL_SV
from surveyapp.db import db
from surveyapp.imports.models import ImportJob, ImportStatus
from surveyapp.results.weighting import WeightingSettings, save_settings
from surveyapp.surveys.models import Campaign, Channel, Response
from tests.conftest import csrf_token
from tests.surveyapp.imports_data import selected_fields, wide_frame


def _model(app):
    with app.app_context():
        campaign = db.session.scalar(select(Campaign).where(Campaign.slug == "test"))
        return campaign.questionnaire.model()


def _sav_bytes(frame: pd.DataFrame, value_labels: dict | None = None) -> bytes:
    handle, path = tempfile.mkstemp(suffix=".sav")
    os.close(handle)
    try:
        pyreadstat.write_sav(frame, path, variable_value_labels=value_labels or {})
        with open(path, "rb") as file:
            return file.read()
    finally:
        os.unlink(path)


def _read_sav(data: bytes) -> pd.DataFrame:
    handle, path = tempfile.mkstemp(suffix=".sav")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        frame, _meta = pyreadstat.read_sav(path, user_missing=True)  # "Vet ej" keeps its 9
        return frame
    finally:
        os.unlink(path)


def _upload(client, name: str, data: bytes):
    token = csrf_token(client, "/staff/imports/test/")
    return client.post("/staff/imports/test/", data={"csrf_token": token,
                                                     "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def _start(client, response, **changes):
    """Post the mapping form as the browser shows it (with ``changes``), action start."""
    assert response.status_code == 303, response.get_data(as_text=True).split("error-summary")[-1][:600]
    mapping_url = response.headers["Location"]
    page = client.get(mapping_url)
    html = page.get_data(as_text=True)
    form = {"csrf_token": csrf_token(client, mapping_url), **selected_fields(html),
            "action": "start", **changes}
    return mapping_url, client.post(mapping_url, data=form)


def _job(app) -> ImportJob:
    with app.app_context():
        job = db.session.scalars(select(ImportJob).order_by(ImportJob.id.desc())).first()
        db.session.expunge(job)
        return job


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Response))


def _unweighted(app) -> None:
    with app.app_context():
        campaign = db.session.scalar(select(Campaign).where(Campaign.slug == "test"))
        save_settings(campaign, WeightingSettings(method="none"))
        db.session.commit()


def _sorted(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    out = frame[columns].copy()
    for column in columns:
        if not pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].astype(str)
    return out.sort_values(columns).reset_index(drop=True)


def test_spss_round_trip(app, client, log_in, make_campaign):
    """A file written by pyreadstat, imported, then the app's SPSS export read back: the same
    values in every column (responses are stored in random order, so rows are compared sorted)
    and the file's weights are the final weights when the campaign is unweighted."""
    make_campaign()
    log_in(client, ["analyst"])
    original = wide_frame(_model(app), 300, seed=3)
    labels = {"trygg_kvall": {1.0: "Mycket trygg", 2.0: "Ganska trygg"}}
    _url, started = _start(client, _upload(client, "leverantor.sav", _sav_bytes(original, labels)))
    assert started.status_code == 303
    job = _job(app)
    assert job.status == ImportStatus.DONE, (job.message, job.problems[:5])
    assert job.imported == 300 and job.data is None
    with app.app_context():
        channels = db.session.execute(select(Response.channel, func.count())
                                      .group_by(Response.channel)).all()
    assert channels == [(Channel.IMPORT.value, 300)]
    _unweighted(app)
    exported = client.get("/staff/results/test/export/data.sav")
    assert exported.status_code == 200
    back = _read_sav(exported.data)
    back = back.rename(columns={"vikt": "vikt"})
    columns = list(original.columns)
    assert set(columns) <= set(back.columns)
    pd.testing.assert_frame_equal(_sorted(original, columns), _sorted(back, columns),
                                  check_dtype=False)


def test_xlsx_round_trip(app, client, log_in, make_campaign):
    """A workbook written by openpyxl, imported, then the app's CSV export: equal values."""
    make_campaign()
    log_in(client, ["coordinator", "analyst"])
    original = wide_frame(_model(app), 120, seed=5)
    book = Workbook()
    sheet = book.active
    sheet.append(list(original.columns))
    for row in original.itertuples(index=False):
        sheet.append([None if isinstance(v, float) and np.isnan(v) else v for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    _url, started = _start(client, _upload(client, "förra-året.xlsx", buffer.getvalue()))
    assert started.status_code == 303
    job = _job(app)
    assert job.status == ImportStatus.DONE, (job.message, job.problems[:5])
    _unweighted(app)
    exported = client.get("/staff/results/test/export/data.csv")
    back = pd.read_csv(io.BytesIO(exported.data), sep=EXCEL_SV.delimiter,
                       decimal=EXCEL_SV.decimal, encoding="utf-8-sig")
    columns = list(original.columns)
    pd.testing.assert_frame_equal(_sorted(original, columns), _sorted(back, columns),
                                  check_dtype=False)


TEN_ERRORS = [
    # (column, bad value, what the rest of the row needs): one kind of problem per row
    ("trygg_kvall", "7"),          # not one of the choices
    ("bott_ar", "3,5"),            # not a whole number
    ("bott_ar", "500"),            # outside the question's bounds
    ("kon", ""),                   # required answer missing
    ("otrygg_skal", "morker"),     # answered although skip logic did not ask it
    ("utsatt", "hot;inget"),       # an exclusive choice combined with another
    ("omrade", "9999X999"),        # not an area of the campaign
    ("vikt", "-1"),                # weight not positive
    ("forbattring", "x" * 2001),   # text too long
    ("utsatt", "hot;gris"),        # a code in a multiple choice that is not a choice
]


def _csv(rows: list[dict[str, str]], columns: list[str], delimiter: str = ";") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([row.get(c, "") for c in columns] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def test_ten_different_errors_are_all_listed_and_nothing_is_stored(app, client, log_in,
                                                                    make_campaign):
    make_campaign()
    log_in(client, ["analyst"])
    columns = ["kon", "alder", "omrade", "trygg_kvall", "otrygg_skal", "utsatt", "bott_ar",
               "forbattring", "vikt"]
    valid = {"kon": "f", "alder": "25-44", "omrade": "0682R001", "trygg_kvall": "2",
             "utsatt": "hot", "bott_ar": "10", "forbattring": "Mer ljus", "vikt": "1.5"}
    rows = [dict(valid) for _ in range(12)]  # rows 2 and 3 (first two) stay valid
    for row, (column, value) in zip(rows[2:], TEN_ERRORS, strict=True):
        row[column] = value
    _url, started = _start(client, _upload(client, "fel.csv", _csv(rows, columns)))
    assert started.status_code == 303
    job = _job(app)
    assert job.status == ImportStatus.FAILED
    found = [(row, column) for row, column, _message in job.problems]
    expected = [(number, column) for number, (column, _v) in enumerate(TEN_ERRORS, start=4)]
    assert found == expected, job.problems
    assert len({message for _r, _c, message in job.problems}) >= 8  # distinct explanations
    assert _count(app) == 0
    page = client.get(f"/staff/imports/job/{job.id}?lang=en").get_data(as_text=True)
    assert "Nothing was imported" in page
    listed = client.get(f"/staff/imports/job/{job.id}/problems.csv")
    assert listed.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "filename*=UTF-8''import-" in listed.headers["Content-Disposition"]
    rows = EXCEL_SV.reader(listed.data.decode("utf-8"))
    assert listed.data.startswith("\ufeff".encode()) and len(rows) == 11
    assert [(int(row), column) for row, column, _message in rows[1:]] == expected


def test_messages_are_translated(app, client, log_in, make_campaign):
    make_campaign()
    log_in(client, ["analyst"])
    client.get("/?lang=sv")
    columns = ["kon", "alder", "omrade", "trygg_kvall"]
    rows = [{"kon": "f", "alder": "25-44", "omrade": "0682R001", "trygg_kvall": ""}]
    _start(client, _upload(client, "sv.csv", _csv(rows, columns, delimiter="\t")))
    job = _job(app)
    assert job.problems == [[2, "trygg_kvall", "Svar krävs här."]]


def test_spss_value_labels_and_ages_are_mapped_to_codes(app, client, log_in, make_campaign):
    """A vendor's coding: sex 1/2 with value labels, age in years, areas by name."""
    make_campaign()
    log_in(client, ["analyst"])
    frame = pd.DataFrame({"Kön": [1.0, 2.0, 1.0], "ALDER": [17.0, 37.0, 80.0],
                          "Område": ["Centrum", "0682R002", "Centrum"],
                          "TRYGG_KVALL": [1.0, 2.0, 4.0]})
    labels = {"Kön": {1.0: "Kvinna", 2.0: "Man"}}
    response = _upload(client, "vendor.sav", _sav_bytes(frame, labels))
    job = _job(app)
    assert job.mapping == {"Kön": "kon", "ALDER": "alder", "Område": "omrade",
                           "TRYGG_KVALL": "trygg_kvall"}
    assert job.value_map["kon"] == {"1": "f", "2": "m"}
    assert job.value_map["alder"] == {"17": "16-24", "37": "25-44", "80": "65-84"}
    assert job.value_map["omrade"]["Centrum"] == "0682R001"
    _url, started = _start(client, response)
    assert _job(app).status == ImportStatus.DONE
    with app.app_context():
        strata = sorted(db.session.execute(
            select(Response.sex, Response.age_group, Response.area_code)).all())
    assert strata == [("f", "16-24", "0682R001"), ("f", "65-84", "0682R001"),
                      ("m", "25-44", "0682R002")]


def test_mapping_form_needs_csrf_and_refuses_a_variable_twice(app, client, log_in,
                                                             make_campaign):
    make_campaign()
    log_in(client, ["analyst"])
    columns = ["kon", "alder", "omrade", "trygg_kvall", "avstar"]
    rows = [{"kon": "m", "alder": "16-24", "omrade": "0682R001", "trygg_kvall": "1",
             "avstar": "2"}]
    response = _upload(client, "a.csv", _csv(rows, columns))
    mapping_url = response.headers["Location"]
    fields = selected_fields(client.get(mapping_url).get_data(as_text=True))
    without_token = client.post(mapping_url, data={**fields, "col-4": "trygg_kvall",
                                                   "action": "start"})
    assert without_token.status_code == 400
    twice = client.post(mapping_url, data={"csrf_token": csrf_token(client, mapping_url),
                                           **fields, "col-4": "trygg_kvall", "action": "start"})
    assert twice.status_code == 422
    assert "trygg_kvall" in twice.get_data(as_text=True)
    job = _job(app)
    assert job.mapping["avstar"] == "avstar" and job.status == ImportStatus.MAPPING
    unknown = client.post(mapping_url, data={"csrf_token": csrf_token(client, mapping_url),
                                             **fields, "val-3-0": "99", "action": "start"})
    assert unknown.status_code == 422
    assert _count(app) == 0


def test_required_question_without_column_and_unreadable_files(app, client, log_in,
                                                               make_campaign):
    make_campaign()
    log_in(client, ["analyst"])
    response = _upload(client, "b.csv", _csv([{"kon": "m"}], ["kon", "annat"]))
    mapping_url = response.headers["Location"]
    page = client.get(mapping_url).get_data(as_text=True)
    assert "trygg_kvall" in page  # named as a required question without a column
    _url, started = _start(client, response)
    assert started.status_code == 422
    assert _upload(client, "c.pdf", b"%PDF").status_code == 422
    assert _upload(client, "d.sav", b"not spss").status_code == 422
    assert _upload(client, "e.csv", b"kon;kon\nf;m\n").status_code == 422
    assert _count(app) == 0


def test_csv_encodings_and_delimiters():
    from surveyapp.imports.reader import read_table

    text = "kön\tområde\nkvinna\tSöderby\n\nman\tÖster\n"
    table = read_table(text.encode("cp1252"), "csv")
    assert table.columns == ["kön", "område"]
    assert table.cells["område"] == ["Söderby", "Öster"]
    assert [table.row_number(i) for i in range(2)] == [2, 4]
    bom = read_table("\ufeffa,b\n1,2\n".encode(), "csv")
    assert bom.columns == ["a", "b"] and bom.cells["b"] == ["2"]
    decimals = read_table(b"a;b\n2.0;2,50\n-3,00; x \n", "csv")
    assert decimals.cells == {"a": ["2", "-3"], "b": ["2,50", "x"]}


@pytest.mark.parametrize("roles, status", [([], 302), (["moderator"], 403)])
def test_only_analysts_and_coordinators(app, client, log_in, make_campaign, roles, status):
    make_campaign()
    if roles:
        log_in(client, roles)
    assert client.get("/staff/imports/test/").status_code == status


@pytest.mark.commits
def test_background_thread_commits_and_reports_failure(app, client, log_in, make_campaign,
                                                        monkeypatch):
    """A file above the background threshold runs in a thread: progress, then done; a failure
    while writing rolls back every response and says so."""
    from surveyapp.imports import runner

    make_campaign()
    log_in(client, ["analyst"])
    monkeypatch.setitem(app.config, "IMPORT_BACKGROUND_ROWS", 10)
    started_threads = []
    real_start = runner.run_in_background

    def recording(*args):
        thread = real_start(*args)
        started_threads.append(thread)
        return thread

    monkeypatch.setattr(runner, "run_in_background", recording)
    original = wide_frame(_model(app), 40, seed=9)
    _url, started = _start(client, _upload(client, "stor.sav", _sav_bytes(original)))
    assert started.status_code == 303
    for thread in started_threads:
        thread.join(60)
    assert len(started_threads) == 1
    job = _job(app)
    assert job.status == ImportStatus.DONE and job.imported == 40
    assert _count(app) == 40
    status_page = client.get(f"/staff/imports/job/{job.id}").get_data(as_text=True)
    assert 'http-equiv="refresh"' not in status_page

    def broken(*args):
        raise RuntimeError("disk full")

    real_write = runner.write_rows

    def half_then_broken(job, rows, today):
        real_write(job, rows[:5], today)
        broken()

    monkeypatch.setattr(runner, "write_rows", half_then_broken)
    started_threads.clear()
    _url, started = _start(client, _upload(client, "igen.sav", _sav_bytes(original)))
    for thread in started_threads:
        thread.join(60)
    job = _job(app)
    assert job.status == ImportStatus.FAILED and "RuntimeError" in job.message
    assert _count(app) == 40  # the five written before the failure were rolled back


def test_status_page_refreshes_and_shows_the_percentage_while_running(app, client, log_in,
                                                                      make_campaign):
    make_campaign()
    log_in(client, ["analyst"])
    rows = [{"kon": "m", "alder": "16-24", "omrade": "0682R001", "trygg_kvall": "1"}]
    _upload(client, "p.csv", _csv(rows, ["kon", "alder", "omrade", "trygg_kvall"]))
    with app.app_context():
        job = db.session.scalars(select(ImportJob)).one()
        job.status, job.row_count, job.checked_rows = ImportStatus.CHECKING, 5000, 2000
        db.session.commit()
        job_id = job.id
    page = client.get(f"/staff/imports/job/{job_id}?lang=en").get_data(as_text=True)
    assert '<meta http-equiv="refresh" content="2">' in page
    assert "Checking the rows: 40 %" in page and 'value="40"' in page
    assert "Delete this import" not in page  # a running import cannot be deleted


def test_progress_is_reported_while_checking(app, monkeypatch):
    from surveyapp.imports import validate
    from surveyapp.imports.reader import Table

    monkeypatch.setattr(validate, "PROGRESS_EVERY", 2)
    with app.test_request_context():
        from surveyapp.demo import ensure_questionnaire

        model = ensure_questionnaire().model()
        table = Table("csv", ["trygg_kvall"], {"trygg_kvall": ["1", "2", "3", "4", "9"]})
        seen: list[int] = []
        checked = validate.check_rows(model, table, {"trygg_kvall": "trygg_kvall"}, {}, None,
                                      [], seen.append)
    assert seen == [2, 4]
    # kon, alder and omrade are required and have no column: three problems per row
    assert len(checked.problems) == 15 and checked.rows == []


def test_a_labelled_user_missing_code_is_read_as_its_code_an_unlabelled_one_as_blank(tmp_path):
    from surveyapp.imports.reader import read_table

    frame = pd.DataFrame({"trygg_kvall": [1.0, 9.0, 2.0, np.nan], "bott_ar": [3.0, 99.0, 5.0, 7.0],
                          "kon": ["f", "m", "z", "z"]})
    path = tmp_path / "vendor.sav"
    pyreadstat.write_sav(frame, str(path),
                         variable_value_labels={"trygg_kvall": {1.0: "Mycket trygg",
                                                                9.0: "Vet ej"}},
                         missing_ranges={"trygg_kvall": [9.0], "bott_ar": [{"lo": 90.0,
                                                                          "hi": 100.0}],
                                         "kon": ["z"]})
    table = read_table(path.read_bytes(), "sav")
    assert table.cells["trygg_kvall"] == ["1", "9", "2", ""]
    assert table.cells["bott_ar"] == ["3", "", "5", "7"]
    assert table.cells["kon"] == ["f", "m", "", ""]
    assert table.labels["trygg_kvall"]["9"] == "Vet ej"
