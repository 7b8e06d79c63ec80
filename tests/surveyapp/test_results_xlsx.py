"""The tables workbook cell by cell against what the wave holds: the data sheet is the
microdata (codes, the weight, every digit), the tables sheet the weighted estimates of every
measure (suppressed cells empty), the codebook and method sheets their lines; an area name that
looks like a formula stays text. On SQLite and PostgreSQL (the ``app`` fixture)."""

from __future__ import annotations

import io
import math
import zipfile
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from surveyapp.db import db
from surveyapp.demo import load_demo
from surveyapp.geo.models import Area
from surveyapp.results.demo import load_demo_responses

SLUG = f"trygghet-{date.today().year}"
FORMULA_NAME = '=HYPERLINK("http://example.com","klicka")'


@pytest.fixture
def workbook_and_wave(app, client, log_in):
    """The downloaded workbook and, independently of the writer, the wave's figures."""
    from surveyapp.geo.population import import_population
    from surveyapp.results.demo import population_csv
    from surveyapp.surveys.models import Campaign

    with app.app_context():
        load_demo(date.today(), codes=4)
        load_demo_responses(date.today(), per_area=30)
        campaign = db.session.scalar(select(Campaign).where(Campaign.slug == SLUG))
        codes = sorted(area.code for area in campaign.areas)
        import_population(population_csv(codes, date.today().year).encode())
        db.session.scalar(select(Area).where(Area.code == codes[0])).name = FORMULA_NAME
        db.session.commit()
    log_in(client, ["analyst"], "analyst@example.se")
    response = client.get(f"/staff/results/{SLUG}/export/tables.xlsx")
    assert response.status_code == 200
    with app.test_request_context():
        from surveyapp.results import exports
        from surveyapp.results.lagesbild import describe_method, invitation_counts
        from surveyapp.results.services import campaign_measures, load_wave, min_n, tables_for

        campaign = db.session.scalar(select(Campaign).where(Campaign.slug == SLUG))
        model = campaign.questionnaire.model()
        wave = load_wave(campaign)
        expected = {
            "frame": exports.microdata(wave, model),
            "records": exports.table_records(tables_for(wave, campaign_measures(campaign, "sv"),
                                                        compare=False)),
            "codebook": exports.codebook(model),
            "method": describe_method(wave, *invitation_counts(campaign), min_n()),
        }
    return response.data, expected


def _sheets(body: bytes) -> dict[str, list[tuple]]:
    book = load_workbook(io.BytesIO(body), read_only=True)
    return {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}


def _expected_cell(value):
    """What a cell of the microdata holds: missing is empty, a whole float an integer."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def test_workbook_holds_the_waves_figures_cell_by_cell(workbook_and_wave):
    body, expected = workbook_and_wave
    sheets = _sheets(body)
    measures = list(dict.fromkeys(r[0] for r in expected["records"]))
    assert list(sheets)[0] == "index" and list(sheets)[-4:] == ["tables", "data", "codebook",
                                                                 "method"]
    assert len(sheets) == len(measures) + 5

    frame = expected["frame"]
    data = sheets["data"]
    assert data[0] == tuple(frame.columns) and len(data) == len(frame) + 1 > 100
    ids = list(frame.columns).index("response_id")
    for got, want in zip(data[1:], frame.itertuples(index=False), strict=True):
        # the 63-bit id as text, every digit (a double would change the last ones)
        assert got[ids] == str(want[ids]) and int(got[ids]) == want[ids]
        assert got[:ids] + got[ids + 1:] == tuple(
            _expected_cell(v) for i, v in enumerate(want) if i != ids)
    weights = [row[list(frame.columns).index("vikt")] for row in data[1:]]
    assert weights == list(frame["vikt"]) and len(set(weights)) > 10  # every digit, raked

    tables = sheets["tables"]
    assert tables[0] == ("measure", "label", "area", "name", "n", "estimate", "se", "ci_low",
                         "ci_high", "suppressed")
    records = expected["records"]
    assert len(tables) == len(records) + 1 and len(records) > 100
    formula_rows = 0
    for got, want in zip(tables[1:], records, strict=True):
        if want[3] == FORMULA_NAME:
            want = [*want[:3], "'" + FORMULA_NAME, *want[4:]]
            formula_rows += 1
        assert got == tuple(None if v == "" else v for v in want)
        assert isinstance(got[9], bool) and (got[5] is None) == got[9]
    assert formula_rows == len({r[0] for r in records})  # one row of that area per measure
    shown = [row for row in tables[1:] if not row[9]]
    assert shown and all(row[7] <= row[5] <= row[8] for row in shown)

    codebook = sheets["codebook"]
    assert codebook[0] == ("variable", "label", "type", "code", "value_label")
    want_codebook = [(e["variable"], e["label"], e["type"], code if code != "" else None,
                      label or None)
                     for e in expected["codebook"] for code, label in
                     (e["values"] or {"": ""}).items()]
    assert codebook[1:] == want_codebook
    assert [row[0] for row in sheets["method"]] == expected["method"]

    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        xml = [archive.read(n).decode() for n in archive.namelist() if "worksheets/" in n]
    assert len(xml) == len(measures) + 5
    assert not any("<f>" in part or "<f " in part for part in xml)


def test_each_table_has_its_own_sheet_formatted_as_a_report(workbook_and_wave):
    """Title, definition, header, per cent with one decimal, marked suppressed cells, frozen
    header, widths, and an index linking every sheet; the figures those of the long list."""
    body, expected = workbook_and_wave
    book = load_workbook(io.BytesIO(body))  # not read-only: styles, panes and links
    by_measure: dict[str, list] = {}
    for record in expected["records"]:
        by_measure.setdefault(record[0], []).append(record)
    index = book["index"]
    assert index["A4"].value == "Blad" and index["A4"].font.b
    names = book.sheetnames[1:-4]
    for position, (key, records) in enumerate(by_measure.items(), start=1):
        sheet = book[names[position - 1]]
        link = index.cell(row=4 + position, column=1)
        assert link.value == sheet.title and link.hyperlink.location == f"'{sheet.title}'!A1"
        assert sheet.title.startswith(f"{position:02d} ") and key[:10] in sheet.title
        assert sheet["A1"].value == records[0][1] and sheet["A1"].font.sz == 14
        assert sheet.freeze_panes == "A6" and sheet.column_dimensions["B"].width == 30
        assert [c.value for c in sheet[5]][:3] == ["Områdeskod", "Område", "Svar (n)"]
        assert all(c.font.b for c in sheet[5])
        rows = list(sheet.iter_rows(min_row=6))
        assert len(rows) == len(records)
        share = sheet["D5"].value == "Andel"
        for cells, record in zip(rows, records, strict=True):
            assert cells[2].value == record[4]  # n
            if record[9]:  # suppressed: said in words, no figure
                assert cells[3].value == "för få svar" and cells[4].value is None
                continue
            assert [c.value for c in cells[3:7]] == record[5:9]
            assert cells[3].number_format == ("0.0%" if share else "0.00")
    shares = [book[n]["D6"].number_format for n in names if book[n]["D5"].value == "Andel"]
    assert shares, "the demo has shares"
    assert any(book[n]["D6"].value == "för få svar" or any(
        r[3].value == "för få svar" for r in book[n].iter_rows(min_row=6)) for n in names)
    assert book["data"].freeze_panes == "A2" and book["data"]["A1"].font.b
