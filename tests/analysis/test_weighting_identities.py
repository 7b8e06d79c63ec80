"""Weighting methods checked against each other and against their defining equations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import SurveyDesign, WeightingError


@st.composite
def samples(draw):
    n = draw(st.integers(12, 40))
    frame = pd.DataFrame({
        "a": draw(st.lists(st.sampled_from(["x", "y", "z"]), min_size=n, max_size=n)),
        "b": draw(st.lists(st.integers(0, 1), min_size=n, max_size=n)),
        "w": draw(st.lists(st.floats(0.5, 5), min_size=n, max_size=n)),
        "y": draw(st.lists(st.floats(-10, 10), min_size=n, max_size=n)),
    })
    # every (a, b) cell is present, so any positive margins can be met
    frame.loc[:5, "a"] = ["x", "x", "y", "y", "z", "z"]
    frame.loc[:5, "b"] = [0, 1, 0, 1, 0, 1]
    frame["s"] = np.arange(n) % 2
    return frame


A = {"x": 30.0, "y": 50.0, "z": 20.0}
B = {0: 45.0, 1: 55.0}


@settings(max_examples=30, deadline=None)
@given(samples())
def test_rake_meets_margins_and_equals_newton_raking(frame):
    design = SurveyDesign(frame, weights="w", strata="s")
    raked = design.rake({"a": A, "b": B})
    sums_a = pd.Series(raked.weights).groupby(frame["a"]).sum()
    sums_b = pd.Series(raked.weights).groupby(frame["b"]).sum()
    assert sums_a.to_dict() == pytest.approx(A, rel=1e-9)
    assert sums_b.to_dict() == pytest.approx(B, rel=1e-9)
    # IPF on cells and Newton's method on rows solve the same equations
    newton = design.calibrate({"a": A, "b": B}, method="raking")
    assert raked.weights == pytest.approx(newton.weights, rel=1e-8)
    assert raked.mean("y").se == pytest.approx(newton.mean("y").se, rel=1e-7, abs=1e-12)


@settings(max_examples=30, deadline=None)
@given(samples())
def test_poststratify_equals_linear_calibration_and_one_margin_rake(frame):
    design = SurveyDesign(frame, weights="w", strata="s")
    post = design.poststratify("a", A)
    for other in (design.calibrate({"a": A}), design.rake({"a": A})):
        assert post.weights == pytest.approx(other.weights, rel=1e-10)
        assert post.mean("y").se == pytest.approx(other.mean("y").se, rel=1e-8, abs=1e-12)


def test_calibrated_auxiliary_has_zero_variance(dclus1):
    dg = dclus1.calibrate({"stype": {"E": 4421, "H": 755, "M": 1018}, "api99": 3914069})
    assert dg.total("api99").se < 1e-6 * 3914069
    assert dg.mean("api99").se < 1e-9 * 600


def test_unknown_rake_variance(dclus1):
    with pytest.raises(WeightingError, match="unknown rake variance 'exact'"):
        dclus1.rake({"stype": {"E": 4421, "H": 755, "M": 1018}}, variance="exact")
