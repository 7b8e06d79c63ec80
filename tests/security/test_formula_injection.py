"""No export emits a live spreadsheet formula (issue 13, "Formula injection").

An area named ``=HYPERLINK("http://x","y")``, question and choice labels and free text starting
with ``= + - @``, a tab or a carriage return go into every spreadsheet-bound download: the
results' data.csv, codebook.csv and tables.xlsx, the walk CSV and the XLSForm download. XLSX
files are read back with openpyxl (no cell of type ``f``, no text starting with a dangerous
character); CSV files are parsed with :mod:`csv` (every such cell starts with the quote).
"""

from __future__ import annotations

import copy
import io
from datetime import date

import openpyxl
import pytest
import yaml
from sqlalchemy import select

from questionnaires.loader import LIBRARY
from questionnaires.spreadsheet_cells import neutralise_formula, restore_formula_text
from questionnaires.xlsform import import_xlsform
from surveyapp.csv_dialects import EXCEL_SV, RFC4180, CsvDialect
from surveyapp.db import db
from surveyapp.demo import load_demo
from surveyapp.geo.models import Area
from surveyapp.results.demo import load_demo_responses
from surveyapp.surveys.models import Campaign
from surveyapp.walks.models import Observation, Walk
from tests.conftest import csrf_token

HYPERLINK = '=HYPERLINK("http://x","y")'
STARTS = ["=", "+", "-", "@", "\t", "\r", " =", "＝"]
LABEL_STARTS = ["=", "+", "-", "@", "=HYPERLINK(\"http://x\",\"y\") "]
DANGEROUS = tuple("=+-@\t\r\n＝＋－＠")


def _live(text: str) -> bool:
    """Whether a spreadsheet could run ``text`` as a formula."""
    stripped = text.lstrip()
    if not text:
        return False
    first = text[0] if text[0] in DANGEROUS else (stripped[:1] or text[0])
    if first not in DANGEROUS:
        return False
    try:
        float(text.strip().replace(",", "."))
        return False  # a plain number such as -1
    except ValueError:
        return True


def _poison(definition: dict) -> dict:
    """The definition with every label, title and help text starting with a formula."""
    poisoned = copy.deepcopy(definition)
    count = 0

    def walk(node):
        nonlocal count
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("text", "label", "title", "help") and isinstance(value, dict):
                    for language in value:
                        value[language] = LABEL_STARTS[count % len(LABEL_STARTS)] + value[language]
                        count += 1
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(poisoned)
    assert count > 100
    return poisoned


def _trygghet() -> dict:
    return yaml.safe_load((LIBRARY / "trygghet.yaml").read_text(encoding="utf-8"))


def _csv_cells(text: str, dialect: CsvDialect = EXCEL_SV) -> list[str]:
    return [cell for row in dialect.reader(text) for cell in row]


def _xlsx_cells(data: bytes) -> list:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def _assert_inert_xlsx(data: bytes, expected: list[str]) -> None:
    cells = _xlsx_cells(data)
    assert cells
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert [t for t in texts if _live(t)] == []
    for text in expected:
        assert "'" + text in texts, text


# --- the helper ---------------------------------------------------------------------------

@pytest.mark.parametrize("start", STARTS + ["＋", "－", "＠", "\n"])
def test_every_dangerous_start_gets_the_quote(start):
    value = start + "SUM(A1:A9)"
    assert neutralise_formula(value) == "'" + value
    assert restore_formula_text(neutralise_formula(value)) == value


@pytest.mark.parametrize("value", [-3, -2.5, 0, 7, "-1", "+3.5", "2e-3", "Trygg", "", None,
                                   "a=b", "1-2 gånger"])
def test_numbers_and_harmless_text_are_unchanged(value):
    assert neutralise_formula(value) == value


# --- results exports ----------------------------------------------------------------------

@pytest.fixture
def poisoned_results(app, client, log_in):
    with app.app_context():
        load_demo(date.today(), codes=4)
        load_demo_responses(date.today(), per_area=40)
        campaign = db.session.scalar(select(Campaign).where(Campaign.slug == "trygghet-2026"))
        campaign.questionnaire.definition = _poison(_trygghet())
        areas = list(db.session.scalars(select(Area).order_by(Area.code)))
        areas[0].name = HYPERLINK
        areas[1].name = "@SUM(1+1)"
        db.session.commit()
    log_in(client, ["analyst"], "analyst@example.se")
    return client


@pytest.mark.parametrize("dialect", [EXCEL_SV, RFC4180])
def test_results_csv_exports_hold_no_live_formula(poisoned_results, dialect):
    base = "/staff/results/trygghet-2026/export/"
    codebook = poisoned_results.get(f"{base}codebook.csv?format={dialect.name}")
    assert codebook.status_code == 200
    cells = _csv_cells(codebook.get_data(as_text=True), dialect)
    assert [c for c in cells if _live(c)] == []
    for start in LABEL_STARTS:
        assert any(c.startswith("'" + start) for c in cells), start
    data = poisoned_results.get(f"{base}data.csv?format={dialect.name}")
    assert data.status_code == 200
    assert [c for c in _csv_cells(data.get_data(as_text=True), dialect) if _live(c)] == []


@pytest.mark.parametrize("dialect", [EXCEL_SV, RFC4180])
def test_microdata_csv_quotes_text_and_keeps_negative_numbers(dialect):
    import pandas as pd

    from surveyapp.results.exports import csv_rows

    frame = pd.DataFrame({"area": ["-2+3", HYPERLINK, "0682R001"], "q": [-1.0, 2.0, -7.5],
                          "=col": ["\tx", "@me", "-4"]})
    rows = dialect.reader("".join(csv_rows(frame, dialect)))
    assert rows == [["area", "q", "'=col"],
                    ["'-2+3", "-1", "'\tx"], ["'" + HYPERLINK, "2", "'@me"],
                    ["0682R001", f"-7{dialect.decimal}5", "-4"]]


def test_results_xlsx_holds_no_live_formula(poisoned_results):
    response = poisoned_results.get("/staff/results/trygghet-2026/export/tables.xlsx")
    assert response.status_code == 200
    _assert_inert_xlsx(response.data, [HYPERLINK, "@SUM(1+1)"])
    numbers = [c.value for c in _xlsx_cells(response.data) if isinstance(c.value, int | float)]
    assert numbers  # weights, counts and estimates are still numbers


# --- walk CSV -----------------------------------------------------------------------------

def test_walk_csv_holds_no_live_formula(app, client, log_in):
    with app.app_context():
        load_demo(date.today(), codes=4)
        walk = db.session.scalar(select(Walk))
        walk.area.name = HYPERLINK
        for start in STARTS:
            db.session.add(Observation(walk_id=walk.id, lat=None, lng=None, category="belysning",
                                       description=start + "1+1", severity=2,
                                       proposal=start + "cmd|' /C calc'!A0",
                                       place_description=start + "A1"))
        db.session.commit()
        walk_id = walk.id
    log_in(client, ["admin"], "admin@kommun.se")
    response = client.get(f"/staff/walks/{walk_id}.csv")
    assert response.status_code == 200
    cells = _csv_cells(response.get_data(as_text=True))
    assert [c for c in cells if _live(c)] == []
    assert "'" + HYPERLINK in cells
    for start in STARTS:
        assert "'" + start + "1+1" in cells
    assert any(c.startswith("57,") or c.startswith("14,") for c in cells)  # positions: numbers


# --- XLSForm download ---------------------------------------------------------------------

def test_xlsform_download_holds_no_live_formula_and_round_trips(app, client, log_in):
    log_in(client, ["admin"])
    definition = _poison(_trygghet())
    definition["key"] = "formel"
    upload = client.post("/staff/questionnaires/", data={
        "csrf_token": csrf_token(client, "/staff/questionnaires/?lang=en"),
        "file": (io.BytesIO(yaml.safe_dump(definition, allow_unicode=True).encode()),
                 "formel.yaml")}, content_type="multipart/form-data")
    assert upload.status_code == 302, upload.get_data(as_text=True)[:2000]
    xlsx = client.get(upload.headers["Location"].rstrip("/") + "/download.xlsx")
    assert xlsx.status_code == 200
    first = definition["pages"][0]["questions"][0]["text"]["sv"]
    _assert_inert_xlsx(xlsx.data, [first])
    # our reader takes the quote off again: the questionnaire survives the round trip
    back = import_xlsform(xlsx.data).definition
    assert back["pages"][0]["questions"][0]["text"]["sv"] == first
    assert back["title"] == definition["title"]
