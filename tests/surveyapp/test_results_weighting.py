"""Weighting service: margins met, sex 'x' handling, post-stratification, trimming, diagnostics,
and clear problems for bad inputs. Checked against hand computations, not earlier output."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from surveyapp.results.weighting import WeightingProblem, WeightingSettings, weight_frame

AGES = ("16-24", "25-44", "45-64", "65-84")


def _population(areas=("A", "B"), count=100) -> pd.DataFrame:
    rows = [(a, s, g, count * (1 + i)) for i, a in enumerate(areas) for s in ("f", "m")
            for g in AGES]
    return pd.DataFrame(rows, columns=["area", "sex", "age_group", "count"])


def _sample(n_per_cell=3, x_rows=0, areas=("A", "B")) -> pd.DataFrame:
    rows = [(a, s, g) for a in areas for s in ("f", "m") for g in AGES
            for _ in range(n_per_cell)]
    rows += [(areas[0], "x", AGES[1])] * x_rows
    return pd.DataFrame(rows, columns=["area", "sex", "age_group"])


def test_raking_meets_every_margin_and_reports_diagnostics():
    sample = _sample().iloc[3:].reset_index(drop=True)  # unbalanced: one cell short
    design, diag, _ = weight_frame(sample, WeightingSettings("rake"), _population())
    w = design.weights
    assert w.sum() == pytest.approx(800 + 1600)
    for margin in diag.margins:
        assert margin["achieved"] == pytest.approx(margin["target"], rel=1e-8)
    assert diag.kish_deff == pytest.approx(len(w) * np.sum(w**2) / np.sum(w) ** 2)
    assert diag.effective_n == pytest.approx(np.sum(w) ** 2 / np.sum(w**2))
    assert (diag.min_weight, diag.max_weight) == (pytest.approx(w.min()), pytest.approx(w.max()))


def test_sex_x_keeps_its_sample_share_of_its_area_and_age_group():
    sample = _sample(n_per_cell=3, x_rows=2)
    design, diag, used = weight_frame(sample, WeightingSettings("poststratify"), _population())
    # area A, age 25-44: 3 f + 3 m + 2 x respondents, population 100 f + 100 m
    x_total = design.weights[(used["sex"] == "x").to_numpy()].sum()
    assert x_total == pytest.approx(200 * 2 / 8)
    f_cell = ((used["sex"] == "f") & (used["area"] == "A") & (used["age_group"] == "25-44"))
    assert design.weights[f_cell.to_numpy()].sum() == pytest.approx(100 * 6 / 8)
    assert design.weights.sum() == pytest.approx(2400)
    x_margin = next(m for m in diag.margins if m["variable"] == "sex" and m["category"] == "x")
    assert x_margin["n"] == 2


def test_trimming_bounds_weights_relative_to_the_mean_and_keeps_the_total():
    sample = _sample(n_per_cell=1)
    sample = pd.concat([sample, _sample(n_per_cell=9, areas=("B",))], ignore_index=True)
    settings = WeightingSettings("rake", trim_lower=0.5, trim_upper=1.5)
    design, diag, _ = weight_frame(sample, settings, _population())
    mean = design.weights.mean()
    assert design.weights.sum() == pytest.approx(2400)
    assert design.weights.max() <= 1.5 * mean + 1e-9
    assert design.weights.min() >= 0.5 * mean - 1e-9
    untrimmed, _, _ = weight_frame(sample, WeightingSettings("rake"), _population())
    assert untrimmed.weights.max() > 1.5 * untrimmed.weights.mean()


def test_unweighted_and_rows_without_area():
    sample = _sample()
    sample.loc[0, "area"] = None
    design, diag, used = weight_frame(sample, WeightingSettings("none"), None)
    assert np.all(design.weights == 1) and diag.kish_deff == pytest.approx(1.0)
    assert diag.n_without_area == 1 and len(used) == len(sample) - 1


def test_problems_are_explained():
    with pytest.raises(WeightingProblem, match="no figures for area"):
        weight_frame(_sample(areas=("A", "C")), WeightingSettings("rake"),
                     _population(areas=("A", "B")))
    nobody = _sample()
    nobody = nobody[~((nobody["area"] == "A") & (nobody["sex"] == "f"))]
    with pytest.raises(WeightingProblem, match="could not be computed"):
        weight_frame(nobody.reset_index(drop=True), WeightingSettings("poststratify"),
                     _population())


def test_empty_poststratum_is_merged_with_its_neighbouring_age_group_and_reported():
    sparse = _sample()
    sparse = sparse[~((sparse["area"] == "A") & (sparse["sex"] == "f")
                      & (sparse["age_group"] == "16-24"))].reset_index(drop=True)
    design, diag, used = weight_frame(sparse, WeightingSettings("poststratify"), _population())
    assert diag.collapsed_cells == [{"area": "A", "sex": "f", "age_groups": ["16-24", "25-44"],
                                     "n": 3}]
    # the 3 respondents aged 25-44 carry both age groups' population: 100 + 100
    merged = ((used["area"] == "A") & (used["sex"] == "f")).to_numpy()
    assert design.weights[merged & (used["age_group"] == "25-44").to_numpy()].sum() == \
        pytest.approx(200)
    assert design.weights.sum() == pytest.approx(2400)
    other = ((used["area"] == "B") & (used["sex"] == "m") & (used["age_group"] == "65-84"))
    assert design.weights[other.to_numpy()].sum() == pytest.approx(200)


def test_areas_without_responses_are_listed_and_left_out():
    _, diag, _ = weight_frame(_sample(areas=("A",)), WeightingSettings("rake"), _population())
    assert diag.areas_without_responses == ["B"]
    area_margin = [m for m in diag.margins if m["variable"] == "area"]
    assert [m["category"] for m in area_margin] == ["A"]


def test_area_vs_rest_equals_the_library_difference_for_every_area():
    from analysis import SurveyDesign
    from surveyapp.results.tables import area_vs_rest

    rng = np.random.default_rng(3)
    sample = _sample(n_per_cell=6, areas=("A", "B", "C"))
    y = rng.integers(0, 2, len(sample)).astype(float)
    y[rng.random(len(sample)) < 0.1] = np.nan
    population = _population(areas=("A", "B", "C"))
    design, _, used = weight_frame(sample, WeightingSettings("rake"), population)
    result = area_vs_rest(design, y, ["A", "B", "C"])
    for code in ("A", "B", "C"):
        domain = np.where(used["area"] == code, "in", "out")
        expected = design.difference(y, domain, "in", "out", na_rm=True)
        assert result[code]["difference"] == pytest.approx(expected.estimate, rel=1e-10)
        assert result[code]["ci_low"] == pytest.approx(expected.ci_low, rel=1e-10)
        assert result[code]["ci_high"] == pytest.approx(expected.ci_high, rel=1e-10)
    assert isinstance(design, SurveyDesign)
