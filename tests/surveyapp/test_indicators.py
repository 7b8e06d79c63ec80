"""Indicator import: police layout, XLSX, errors named by row and column, rates per 100 000."""

from __future__ import annotations

import io
from fractions import Fraction

import pytest
from sqlalchemy import func, select

from surveyapp.db import db
from surveyapp.indicators.models import IndicatorSeries, IndicatorValue
from tests.conftest import csrf_token
from tests.surveyapp.cycle_data import area

POLICE_CSV = """område;år;månad;brottskategori;antal
C1;2025;1;Skadegörelse;14
C1;2025;februari;Skadegörelse;3
C1;2025;3;Skadegörelse;0
C2;2025;1;Skadegörelse;7
C1;2025;1;Misshandel;5
"""
# eight cells per area and year: f then m, four age groups each
POPULATION = {"C1": {2025: [100, 200, 300, 400, 110, 210, 310, 410]},
              "C2": {2024: [50, 60, 70, 80, 55, 65, 75, 85]}}


@pytest.fixture
def areas(app) -> dict[str, int]:
    return {code: area(app, code, POPULATION[code]) for code in ("C1", "C2")}


def _upload(client, body: bytes, filename: str = "polisen.csv", **fields):
    data = {"csrf_token": csrf_token(client, "/staff/indicators"),
            "name": "Anmälda brott", "source": "Polisen, öppen statistik 2025-12-01",
            "definition": "Anmälda brott per månad och brottskategori", "measure": "count",
            **fields, "file": (io.BytesIO(body), filename)}
    return client.post("/staff/indicators?lang=sv", data=data,
                       content_type="multipart/form-data")


def _stored(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(IndicatorValue))


def test_police_layout_becomes_one_series_per_category(app, client, log_in, areas):
    analyst = log_in(client, ["analyst"])
    assert _upload(analyst, POLICE_CSV.encode()).status_code == 303
    with app.app_context():
        series = {s.name: s for s in db.session.scalars(select(IndicatorSeries))}
        assert set(series) == {"Anmälda brott – Skadegörelse", "Anmälda brott – Misshandel"}
        values = sorted((v.area.code, v.period, v.value)
                        for v in series["Anmälda brott – Skadegörelse"].values)
        assert values == [("C1", "2025-01", 14), ("C1", "2025-02", 3), ("C1", "2025-03", 0),
                          ("C2", "2025-01", 7)]
        damage_id = series["Anmälda brott – Skadegörelse"].id
    page = analyst.get(f"/staff/indicators/{damage_id}?lang=sv").text
    assert "Polisen, öppen statistik 2025-12-01" in page, "the source next to the figures"
    assert "Anmälda brott per månad och brottskategori" in page, "and its definition"
    assert "färre än 5" in page, "3 is a small count"


def test_rates_per_100_000_match_an_independent_computation(app, client, log_in, areas):
    analyst = log_in(client, ["analyst"])
    _upload(analyst, POLICE_CSV.encode())
    from surveyapp.indicators.services import value_rows

    with app.app_context():
        series = db.session.scalar(select(IndicatorSeries).where(
            IndicatorSeries.name == "Anmälda brott – Skadegörelse"))
        rows = {(r.area, r.period): r.shown for r in value_rows(series)}
    c1 = sum(POPULATION["C1"][2025])  # 2040
    c2 = sum(POPULATION["C2"][2024])  # 540, the latest year before 2025
    january = rows[("Område C1", "2025-01")]
    assert january.population == c1 == 2040
    assert january.rate == pytest.approx(float(Fraction(14 * 100_000, c1)), rel=1e-12)
    assert january.rate == pytest.approx(686.2745098, rel=1e-9)
    other = rows[("Område C2", "2025-01")]
    assert (other.population, other.population_year) == (540, 2024)
    assert other.population == c2
    assert other.rate == pytest.approx(float(Fraction(7 * 100_000, c2)), rel=1e-12)
    february = rows[("Område C1", "2025-02")]
    assert (february.value, february.rate, february.suppressed) == (None, None, True)
    march = rows[("Område C1", "2025-03")]
    assert (march.value, march.rate, march.suppressed) == (0, 0, False), "zero is shown"


def test_xlsx_in_the_same_layout_is_imported(app, client, log_in, areas):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Område", "Period", "Antal"])
    sheet.append(["C1", "2024-11", 21])
    sheet.append(["C2", "2024-11", 9])
    buffer = io.BytesIO()
    book.save(buffer)
    analyst = log_in(client, ["analyst"])
    assert _upload(analyst, buffer.getvalue(), "klotter.xlsx", name="Klotter").status_code == 303
    with app.app_context():
        series = db.session.scalar(select(IndicatorSeries).where(IndicatorSeries.name == "Klotter"))
        assert sorted((v.area.code, v.period, v.value) for v in series.values) == [
            ("C1", "2024-11", 21), ("C2", "2024-11", 9)]


@pytest.mark.parametrize(("body", "message"), [
    ("område;år;antal\nC1;2025;12\nC9;2025;4\n",
     "Rad 3, kolumn ”område”: okänt område ”C9”."),
    ("område;år;månad;antal\nC1;2025;13;4\n",
     "Rad 2, kolumn ”månad”: ”13” är inte en månad (1–12 eller dess namn)."),
    ("område;år;antal\nC1;2025;12\nC2;20x5;4\n",
     "Rad 3, kolumn ”år”: ”20x5” är inte ett år."),
    ("Område;År;Antal\nC1;2025;tolv\n",
     "Rad 2, kolumn ”Antal”: ”tolv” är inte ett tal."),
    ("område;år;antal\nC1;2025;-2\n",
     "Rad 2, kolumn ”antal”: ”-2” är inte ett antal (ett heltal, 0 eller mer)."),
    ("område;år;antal\nC1;2025;2\nC1;2025;3\n",
     "Rad 3: samma område, period och kategori som rad 2."),
    ("område;antal\nC1;2\n", "Kolumnen ”år” saknas (eller ”period”)."),
])
def test_a_wrong_row_names_row_and_column_and_nothing_is_stored(
        app, client, log_in, areas, body, message):
    analyst = log_in(client, ["analyst"])
    response = _upload(analyst, body.encode())
    assert response.status_code == 422
    assert message in response.text
    assert _stored(app) == 0
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(IndicatorSeries)) == 0


def test_an_error_on_the_last_row_stores_none_of_the_good_rows(app, client, log_in, areas):
    analyst = log_in(client, ["analyst"])
    body = POLICE_CSV + "C1;2025;4;Skadegörelse;många\n"
    response = _upload(analyst, body.encode())
    assert response.status_code == 422 and "Rad 7, kolumn ”antal”" in response.text
    assert _stored(app) == 0


def test_name_source_and_definition_are_required(app, client, log_in, areas):
    analyst = log_in(client, ["analyst"])
    response = _upload(analyst, POLICE_CSV.encode(), source="", definition="")
    assert response.status_code == 422
    assert "Skriv var siffrorna kommer ifrån." in response.text
    assert "Definiera vad som räknas eller mäts." in response.text
    assert _stored(app) == 0


def test_reimporting_replaces_the_files_periods_only(app, client, log_in, areas):
    analyst = log_in(client, ["analyst"])
    _upload(analyst, b"omr\xc3\xa5de;period;antal\nC1;2025-01;10\nC1;2025-02;11\n", name="Klotter")
    _upload(analyst, "område;period;antal\nC1;2025-02;30\n".encode(), name="Klotter")
    with app.app_context():
        series = db.session.scalar(select(IndicatorSeries).where(IndicatorSeries.name == "Klotter"))
        assert sorted((v.period, v.value) for v in series.values) == [
            ("2025-01", 10), ("2025-02", 30)]
