"""Population tables in SCB's layout: accepted variants and one test per error message."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select

from surveyapp.db import db
from surveyapp.geo.models import Area
from surveyapp.geo.population import PopulationCell, PopulationError, decode, parse_population
from surveyapp.results.demo import population_csv
from tests.conftest import csrf_token

AREAS = ["0682R001", "0682R002"]


def _full(lines: list[str], header: str = "region;kön;ålder;år;antal") -> str:
    return "\n".join([header, *lines]) + "\n"


def _cells(area: str = "0682R001", sexes=("män", "kvinnor"), count: str = "100") -> list[str]:
    return [f"{area};{sex};{age} år;2025;{count}" for sex in sexes
            for age in ("16-24", "25-44", "45-64", "65-84")]


def _problems(text: str) -> list[str]:
    with pytest.raises(PopulationError) as caught:
        parse_population(text, AREAS)
    return caught.value.problems


def test_scb_labels_map_to_codes():
    cells = parse_population(_full(_cells()), AREAS)
    assert len(cells) == 8
    assert {c.sex for c in cells} == {"m", "f"}
    assert {c.age_group for c in cells} == {"16-24", "25-44", "45-64", "65-84"}
    assert all(c.count == 100 and c.year == 2025 for c in cells)


def test_codes_commas_en_dash_and_region_names_are_accepted():
    lines = [f"0682R001 Centrum,{sex},{age.replace('-', '–')},2025,1 200"
             for sex in ("1", "2") for age in ("16-24", "25-44", "45-64", "65-84")]
    cells = parse_population(_full(lines, "Region,Kön,Ålder,År,Antal"), AREAS)
    assert {(c.area_code, c.count) for c in cells} == {("0682R001", 1200)}
    assert sorted(c.sex for c in cells) == ["f"] * 4 + ["m"] * 4


def test_encodings_utf8_bom_and_cp1252():
    text = _full(_cells())
    assert decode(("\ufeff" + text).encode("utf-8")) == text
    assert decode(text.encode("cp1252")) == text


def test_unknown_area_is_named():
    assert _problems(_full(_cells("0999X001"))) == [
        "Line 2, column “region”: unknown area “0999X001”. (Also on 7 more lines.)"]


def test_negative_count_is_refused():
    problems = _problems(_full(_cells(count="-5")))
    assert "Line 2, column “antal”: the count -5 is negative." in problems


def test_count_that_is_not_a_number():
    problems = _problems(_full(_cells(count="many")))
    assert "Line 2, column “antal”: the count “many” is not a whole number." in problems


def test_missing_cells_are_listed():
    problems = _problems(_full(_cells(sexes=("män",))))
    assert problems == ["Area 0682R001, year 2025: missing cells f/16-24, f/25-44, f/45-64, f/65-84."]


def test_missing_column_is_named():
    problems = _problems("region;kön;ålder;antal\n0682R001;män;16-24;5\n")
    assert problems == ["Column “år” is missing (expected columns: region;kön;ålder;år;antal)."]
    problems = _problems("region;kön;ålder;år;antal;färg\n0682R001;män;16-24;2025;5;blå\n")
    assert problems == ["Column 6 “färg” is not understood (expected region, kön, ålder, år, a "
                        "count, or years or sexes as headings)."]
    assert _problems("kommun;antal\n0682;5\n") == [
        "No header row with a column “region” was found (expected e.g. "
        "region;kön;ålder;år;antal, as Statistikdatabasen exports it)."]


def test_unknown_sex_and_age_group():
    problems = _problems(_full(["0682R001;okänd;16-24;2025;1", "0682R001;män;16 till 19;2025;1",
                                "0682R001;män;20;tjugo;1"]))
    assert problems == [
        "Line 2, column “kön”: the sex “okänd” is not understood (use män/kvinnor or 1/2).",
        "Line 3, column “ålder”: the age “16 till 19” is not understood (use e.g. 16 år, "
        "16-19 år or 100+ år).",
        "Line 4, column “år”: the year “tjugo” is not a year."]


def test_duplicate_cell_and_empty_file():
    problems = _problems(_full(_cells()[:1] + _cells()))
    assert "Line 3, column “antal”: the same cell appears twice." in problems
    overlap = _problems(_full([*_cells(), "0682R001;män;20 år;2025;4", "0682R001;kvinnor;20 år;2025;4"]))
    assert overlap == [
        "Line 10: the age 20 overlaps the age 16-24 of the same area, sex and year.",
        "Line 11: the age 20 overlaps the age 16-24 of the same area, sex and year."]
    assert _problems("region;kön;ålder;år;antal\n") == ["The file has no population rows."]
    assert _problems("") == ["The file is empty."]


def test_upload_stores_cells_and_a_bad_file_stores_nothing(app, client, make_campaign, log_in):
    make_campaign()
    log_in(client, ["analyst"], "analyst@example.se")
    client.get("/?lang=en")
    with app.app_context():
        codes = list(db.session.scalars(select(Area.code).order_by(Area.code)))
    good = population_csv(codes, 2025).encode("cp1252")
    token = csrf_token(client, "/staff/results/population")
    response = client.post("/staff/results/population", data={
        "csrf_token": token, "file": (io.BytesIO(good), "folkmangd.csv")})
    assert response.status_code == 200
    assert "40 population cells imported." in re.sub(r"\s+", " ", response.get_data(as_text=True))
    bad = good.replace(b";2025;", b";2026;", 1).replace(b"0682R001", b"0682R009")
    response = client.post("/staff/results/population", data={
        "csrf_token": token, "file": (io.BytesIO(bad), "folkmangd.csv")})
    assert response.status_code == 422
    assert "Line 2, column “region”: unknown area “0682R009”." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(PopulationCell)) == 40
        assert db.session.scalar(select(func.count()).where(PopulationCell.year == 2026)) == 0


def test_a_parent_area_gets_the_sum_of_its_children(app):
    from surveyapp.geo.population import import_population, population_table

    with app.app_context():
        regso = Area(code="0682R001", name="Centrum", kind="regso")
        district = Area(code="D1", name="Norra", kind="district")
        db.session.add_all([regso, district])
        db.session.flush()
        regso.parent_id = district.id
        db.session.add_all([Area(code=f"0682A00{n}0", name=f"DeSO {n}", kind="deso",
                                 parent_id=regso.id) for n in (1, 2)])
        own = Area(code="0682R002", name="Söder", kind="regso", parent_id=district.id)
        db.session.add(own)
        db.session.flush()
        text = "region;kön;ålder;år;antal\n" + "".join(
            f"{code};{sex};{age} år;2025;{count}\n"
            for code, count in (("0682A0010", 3), ("0682A0020", 4), ("0682R002", 10))
            for sex in ("män", "kvinnor") for age in (13, 14))
        assert import_population(text.encode()) == 12
        table = {(a, s, g): n for a, s, g, n in population_table(2025)}
        assert table[("0682R001", "m", "13")] == 3 + 4
        assert table[("D1", "f", "14")] == 3 + 4 + 10
        assert table[("0682R002", "m", "13")] == 10
        assert len(table) == 5 * 4
