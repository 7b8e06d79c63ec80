"""Trend over independent waves with each wave's calibration in the variance, against R."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import SurveyDesign, waves_trend


def _waves(apistrat: pd.DataFrame, apiclus1: pd.DataFrame, calibrate: bool):
    d1 = SurveyDesign(apistrat, weights="pw", strata="stype")
    d2 = SurveyDesign(apiclus1, weights="pw", cluster="dnum")
    if calibrate:
        d1 = d1.poststratify("stype", {"E": 4421.0, "H": 755.0, "M": 1018.0})
        d2 = d2.poststratify("stype", {"E": 4500.0, "H": 760.0, "M": 1000.0})
    y1 = (apistrat["sch.wide"] == "Yes").to_numpy(dtype=float)
    y2 = (apiclus1["sch.wide"] == "Yes").to_numpy(dtype=float)
    return [(2022.0, d1, y1), (2024.0, d2, y2)]


def test_post_stratified_waves_match_r(apistrat, apiclus1):
    # R: svyglm(I(sch.wide == "Yes") ~ year, postStratify(stacked, ~cell, pop.cells)) with
    # cell = year x stype ("trend ps waves linear" / "logit" in data/r_reference.txt)
    result = waves_trend(_waves(apistrat, apiclus1, calibrate=True))
    assert result.linear_slope.estimate == pytest.approx(0.0175070517737662, rel=1e-9)
    assert result.linear_slope.se == pytest.approx(0.0165806244733896, rel=1e-9)
    assert result.linear_slope.df == 210
    assert result.logit_slope.estimate == pytest.approx(0.134479850131102, rel=1e-8)
    assert result.logit_slope.se == pytest.approx(0.127485563376238, rel=1e-8)


def test_uncalibrated_waves_match_r_and_the_stacked_design(apistrat, apiclus1):
    result = waves_trend(_waves(apistrat, apiclus1, calibrate=False))
    # R: svyglm(I(sch.wide == "Yes") ~ year, stacked design) without post-stratification
    assert result.linear_slope.estimate == pytest.approx(0.0231844642375159, rel=1e-9)
    assert result.linear_slope.se == pytest.approx(0.0160918236257791, rel=1e-9)
    a1 = apistrat.assign(year=2022.0, psu=[f"s{i}" for i in range(len(apistrat))],
                         st="s" + apistrat["stype"])
    a2 = apiclus1.assign(year=2024.0, psu="c" + apiclus1["dnum"].astype(str), st="c")
    both = pd.concat([a1, a2], ignore_index=True)
    stacked = SurveyDesign(both, weights="pw", strata="st", cluster="psu")
    y = (both["sch.wide"] == "Yes").to_numpy(dtype=float)
    direct = stacked.trend(y, "year")
    assert result.linear_slope.se == pytest.approx(direct.linear_slope.se, rel=1e-10)
    assert np.isfinite(result.logit_slope.se)
