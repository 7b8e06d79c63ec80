"""A population file in each layout Statistikdatabasen (PX-Web) exports, read without editing.

The fixtures hold one made-up population, count(area, sex, age) = 10 + age % 7 + 3 (women)
+ 5 (second area) + (2025 - year), for ages 13–99 and 100+; grouped files hold its sums
(the cp1252 long file ten times them). Each test compares with that formula, not with the
parser's earlier output.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from surveyapp.geo.population import PopulationError, decode, parse_population

FIXTURES = Path(__file__).parent / "fixtures" / "population"
AREAS = ("0682A0010", "0682A0020")
GROUPS = ((13, 15), (16, 19), (20, 24), (25, 44), (45, 64), (65, 84), (85, None))


def expected(area: str, sex: str, age: int, year: int = 2025) -> int:
    return 10 + age % 7 + (3 if sex == "f" else 0) + 5 * AREAS.index(area) + (2025 - year)


def group_sum(area: str, sex: str, low: int, high: int | None) -> int:
    top = 100 if high is None else high
    return sum(expected(area, sex, age) for age in range(low, top + 1))


def single_years(year: int = 2025) -> dict[tuple[str, str, str, int], int]:
    return {(area, sex, str(age) if age < 100 else "100+", year): expected(area, sex, age, year)
            for area in AREAS for sex in "fm" for age in range(13, 101)}


def grouped(factor: int = 1) -> dict[tuple[str, str, str, int], int]:
    return {(area, sex, f"{low}+" if high is None else f"{low}-{high}", 2025):
            factor * group_sum(area, sex, low, high)
            for area in AREAS for sex in "fm" for low, high in GROUPS}


def read(name: str) -> dict[tuple[str, str, str, int], int]:
    text = decode((FIXTURES / name).read_bytes())
    return {(c.area_code, c.sex, c.age_group, c.year): c.count
            for c in parse_population(text, AREAS)}


@pytest.mark.parametrize(("name", "want"), [
    ("long_semicolon_utf8.csv", single_years()),
    ("pxweb_wide_years_comma_bom.csv", single_years() | single_years(2024)),
    ("pxweb_wide_sexes_tab_cp1252.csv", single_years()),
    ("pxweb_long_groups_codes_cp1252.csv", grouped(10)),
    ("pxweb_deso_totals_comma.csv", grouped()),
])
def test_each_scb_layout_reads_the_same_population(name, want):
    assert read(name) == want


def test_cp1252_fixture_really_is_not_utf8():
    raw = (FIXTURES / "pxweb_wide_sexes_tab_cp1252.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert (FIXTURES / "pxweb_wide_years_comma_bom.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_wide_layout_problem_names_line_and_heading():
    text = '"region","ålder","kön","2024","2025"\n"0682A0010","16 år","män",12,..\n'
    with pytest.raises(PopulationError) as caught:
        parse_population(text, AREAS)
    assert caught.value.problems[0] == (
        "Line 2, column “2025”: the count “..” is not a whole number.")
