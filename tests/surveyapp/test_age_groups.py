"""A campaign's own age grouping: validation, population sums and weights checked by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from surveyapp.geo.ages import (
    AgeGroupingError,
    AgeRange,
    group_answers,
    group_population,
    parse_age,
    parse_grouping,
)
from surveyapp.results.weighting import WeightingProblem, WeightingSettings, weight_frame


@pytest.mark.parametrize(("text", "age"), [
    ("16 år", AgeRange(16, 16)), ("16-19 år", AgeRange(16, 19)), ("16–19", AgeRange(16, 19)),
    ("100+ år", AgeRange(100, None)), ("80- år", AgeRange(80, None)),
    ("100 år och äldre", AgeRange(100, None)), ("0 år", AgeRange(0, 0)),
    ("19-16", None), ("ung", None), ("", None),
])
def test_scb_age_labels(text, age):
    assert parse_age(text) == age


def test_grouping_is_validated():
    assert [g.label for g in parse_grouping("13-15, 16-19; 20-24\n25+")] == [
        "13-15", "16-19", "20-24", "25+"]
    with pytest.raises(AgeGroupingError, match="^The age groups 13-16 and 16-19 overlap.$"):
        parse_grouping("13-16, 16-19")
    with pytest.raises(AgeGroupingError, match="^The age groups are not contiguous: ages 16–17 "
                                               "are missing between 13-15 and 18-19.$"):
        parse_grouping("13-15, 18-19")
    with pytest.raises(AgeGroupingError, match="overlap"):
        parse_grouping("65+, 70-74")
    with pytest.raises(AgeGroupingError, match="“tonår” is not understood"):
        parse_grouping("13-15, tonår")
    with pytest.raises(AgeGroupingError, match="Write the age groups"):
        parse_grouping(" , ")


def _single_years(areas=("A", "B"), low=10, high=90) -> pd.DataFrame:
    rows = [(a, s, str(age), 100 + age + (7 if s == "f" else 0) + 50 * i)
            for i, a in enumerate(areas) for s in "fm" for age in range(low, high + 1)]
    return pd.DataFrame(rows, columns=["area", "sex", "age_group", "count"])


def test_population_is_summed_into_the_groups_and_other_ages_left_out():
    grouped = group_population(_single_years(), parse_grouping("13-15, 16-19"))
    got = {(r.area, r.sex, r.age_group): r.count for r in grouped.itertuples()}
    want = {(a, s, g): sum(100 + age + (7 if s == "f" else 0) + 50 * i for age in ages)
            for i, a in enumerate("AB") for s in "fm"
            for g, ages in (("13-15", range(13, 16)), ("16-19", range(16, 20)))}
    assert got == want


def test_groups_must_fit_the_table_and_lie_within_its_ages():
    table = pd.DataFrame([("A", s, g, 10) for s in "fm" for g in ("16-24", "25-44")],
                         columns=["area", "sex", "age_group", "count"])
    with pytest.raises(AgeGroupingError, match="age group 16-24 does not fit the grouping "
                                               "16-19, 20-24"):
        group_population(table, parse_grouping("16-19, 20-24"))
    with pytest.raises(AgeGroupingError, match="does not cover the ages 13-15 for area A "
                                               r"\(sex f\): its ages are 16–44"):
        group_population(table, parse_grouping("13-15, 16-24"))
    with pytest.raises(AgeGroupingError, match="does not cover the ages 45\\+"):
        group_population(table, parse_grouping("16-44, 45+"))


def test_answers_go_to_their_group_or_to_unknown():
    values = pd.Series(["14", "16-19", "19", "12", "16-24", None, "?"])
    assert list(group_answers(values, parse_grouping("13-15, 16-19"), "unknown")) == [
        "13-15", "16-19", "16-19", "unknown", "unknown", "unknown", "unknown"]


def test_poststratified_weights_with_a_school_grouping_equal_population_over_sample():
    """Weight of a respondent = N(area, sex, group) / n(area, sex, group), computed here from
    the single-year table directly."""
    population = _single_years()
    rows = [(a, s, str(age)) for a in "AB" for s in "fm" for age in (13, 14, 15, 16, 17, 19)]
    rows += [("A", "f", "14"), ("B", "m", "18"), ("B", "m", "18")]
    sample = pd.DataFrame(rows, columns=["area", "sex", "age_group"])
    settings = WeightingSettings("poststratify", age_groups=("13-15", "16-19"))
    design, diagnostics, used = weight_frame(sample, settings, population)

    def group(age: int) -> str:
        return "13-15" if age <= 15 else "16-19"

    n = sample.assign(g=[group(int(a)) for a in sample["age_group"]]).groupby(
        ["area", "sex", "g"]).size()
    for index, (area, sex, age) in enumerate(rows):
        lo, hi = (13, 15) if int(age) <= 15 else (16, 19)
        big_n = sum(100 + a + (7 if sex == "f" else 0) + 50 * "AB".index(area)
                    for a in range(lo, hi + 1))
        assert design.weights[index] == pytest.approx(big_n / n[(area, sex, group(int(age)))])
        assert used["age_group"][index] == group(int(age))
    assert {m["category"] for m in diagnostics.margins if m["variable"] == "age_group"} == {
        "13-15", "16-19"}


def test_raking_with_a_grouping_meets_the_grouped_margins():
    population = _single_years()
    rows = [(a, s, str(age)) for a in "AB" for s in "fm" for age in range(13, 25)][5:]
    sample = pd.DataFrame(rows, columns=["area", "sex", "age_group"])
    settings = WeightingSettings("rake", age_groups=("13-15", "16-19", "20-24"))
    design, diagnostics, _used = weight_frame(sample, settings, population)
    young = population[population["age_group"].astype(int).between(13, 15)]["count"].sum()
    margin = next(m for m in diagnostics.margins if m["category"] == "13-15")
    assert margin["target"] == pytest.approx(young)
    assert margin["achieved"] == pytest.approx(young, rel=1e-8)
    assert design.weights.sum() == pytest.approx(
        population[population["age_group"].astype(int).between(13, 24)]["count"].sum())


def test_a_grouping_the_table_cannot_give_is_a_weighting_problem():
    table = pd.DataFrame([(a, s, g, 10) for a in "A" for s in "fm" for g in ("16-24", "25-44")],
                         columns=["area", "sex", "age_group", "count"])
    sample = pd.DataFrame([("A", s, "17") for s in "fm" for _ in range(3)],
                          columns=["area", "sex", "age_group"])
    with pytest.raises(WeightingProblem, match="does not fit the grouping 16-19, 20-44"):
        weight_frame(sample, WeightingSettings("rake", age_groups=("16-19", "20-44")), table)
