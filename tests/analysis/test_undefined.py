"""Where a figure is undefined there is no interval: NaN, never zero-width or normal-based."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis import SurveyDesign


def _design() -> SurveyDesign:
    # three strata of SRS rows; stratum "c" has one respondent in domain "lonely"
    frame = pd.DataFrame({
        "stratum": ["a"] * 4 + ["b"] * 4 + ["c"] * 2,
        "domain": ["x", "x", "y", "y", "x", "y", "y", "x", "lonely", "x"],
        "income": [700.0, 810, 650, 900, 720, 880, 910, 760, 840, 790],
        "yes": [1, 0, 1, 1, 0, 1, 0, 1, 1, 0],
        "w": [10.0, 10, 10, 10, 20, 20, 20, 20, 5, 5],
    })
    return SurveyDesign(frame, weights="w", strata="stratum")


def test_one_observation_domain_has_no_interval():
    est = _design().by("domain", "income", "mean")["lonely"]
    assert est.estimate == 840.0 and est.n == 1
    assert est.df == 0  # one PSU in one stratum
    assert math.isnan(est.ci_low) and math.isnan(est.ci_high)


@pytest.mark.parametrize("method", ["logit", "likelihood", "beta", "mean", "asin", "xlogit"])
def test_domain_inside_one_psu_has_no_proportion_interval(method):
    # cluster design: domain "d" lies inside PSU 1 of stratum 1 -> df = 1 - 1 = 0
    frame = pd.DataFrame({"psu": [1, 1, 1, 2, 2, 3, 3, 4], "h": [1, 1, 1, 1, 1, 2, 2, 2],
                          "dom": ["d", "d", "d", "e", "e", "e", "e", "e"],
                          "y": [1, 1, 0, 0, 1, 1, 0, 1]})
    est = SurveyDesign(frame, strata="h", cluster="psu").by("dom", "y", "proportion",
                                                             method=method)["d"]
    assert est.estimate == pytest.approx(2 / 3)
    assert est.df == 0
    assert math.isnan(est.ci_low) and math.isnan(est.ci_high)


def test_zero_se_inside_range_has_no_interval():
    # every PSU total identical -> variance exactly 0 although 0 < p < 1
    frame = pd.DataFrame({"psu": [1, 1, 2, 2, 3, 3], "y": [1, 0, 1, 0, 1, 0]})
    design = SurveyDesign(frame, cluster="psu")
    for method in ("logit", "likelihood", "beta", "mean"):
        est = design.proportion("y", method=method)
        assert est.estimate == 0.5 and est.se == pytest.approx(0.0, abs=1e-15)
        assert math.isnan(est.ci_low) and math.isnan(est.ci_high), method
    mean = design.mean("y")
    assert math.isnan(mean.ci_low) and math.isnan(mean.ci_high)


def test_zero_proportion_keeps_clopper_pearson_with_positive_df():
    # p = 0 with df > 0: Korn–Graubard with the actual n is Clopper–Pearson [0, 1-(α/2)^{1/n}]
    frame = pd.DataFrame({"y": np.zeros(20)})
    est = SurveyDesign(frame).proportion("y", method="beta")
    assert est.ci_low == 0.0
    assert est.ci_high == pytest.approx(1 - 0.025 ** (1 / 20), rel=1e-12)


def test_kish_deff_ignores_zero_weight_rows():
    w = np.array([1.0, 2.0, 3.0, 0.0, 0.0])
    design = SurveyDesign(pd.DataFrame({"w": w}), weights="w")
    # by hand over the three positive weights: 3 * (1 + 4 + 9) / 6² = 42 / 36
    assert design.kish_deff() == pytest.approx(42 / 36, rel=1e-15)
    assert design.effective_n() == pytest.approx(36 / 14, rel=1e-15)
