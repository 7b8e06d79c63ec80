"""Every failure is an explicit error with a message naming the variable and category."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import ConvergenceError, DesignError, SurveyDesign, WeightingError

POP_TYPES = {"E": 4421, "H": 755, "M": 1018}


def test_rake_margins_whose_totals_disagree(dclus1):
    with pytest.raises(WeightingError, match=r"totals disagree.*stype: 6194.*sch.wide: 6195"):
        dclus1.rake({"stype": POP_TYPES, "sch.wide": {"No": 1073, "Yes": 5122}})


def test_calibrate_margins_whose_totals_disagree(dclus1):
    with pytest.raises(WeightingError, match="totals disagree"):
        dclus1.calibrate({"stype": POP_TYPES, "sch.wide": {"No": 1, "Yes": 5122}})


@pytest.mark.parametrize("method", ["poststratify", "rake", "calibrate"])
def test_target_category_without_respondents(dclus1, method):
    target = {**POP_TYPES, "K": 10}
    call = {"poststratify": lambda: dclus1.poststratify("stype", target),
            "rake": lambda: dclus1.rake({"stype": target}),
            "calibrate": lambda: dclus1.calibrate({"stype": target})}[method]
    with pytest.raises(WeightingError, match=r"target category 'K' of 'stype' has no respondents"):
        call()


@pytest.mark.parametrize("method", ["poststratify", "rake", "calibrate"])
def test_sample_category_missing_from_target(dclus1, method):
    target = {"E": 4421, "H": 755}
    call = {"poststratify": lambda: dclus1.poststratify("stype", target),
            "rake": lambda: dclus1.rake({"stype": target}),
            "calibrate": lambda: dclus1.calibrate({"stype": target})}[method]
    with pytest.raises(WeightingError, match=r"sample category 'M' of 'stype' is missing"):
        call()


def test_sample_category_with_zero_target(dclus1):
    with pytest.raises(WeightingError, match=r"category 'M' of 'stype' has respondents but a "
                                             r"population target of 0"):
        dclus1.rake({"stype": {"E": 4421, "H": 755, "M": 0}})


def test_rake_non_convergence_reports_achieved_error(make_design):
    # structural zeros: a=0 only with b=0, so the targets below cannot be met together
    des = make_design({"a": [0, 1, 1, 1], "b": [0, 0, 1, 1]})
    with pytest.raises(ConvergenceError, match=r"did not converge in 50 sweeps: largest "
                                               r"relative margin error") as info:
        des.rake({"a": {0: 90, 1: 10}, "b": {0: 10, 1: 90}}, max_iter=50)
    assert info.value.achieved_error > 1e-3
    assert info.value.iterations == 50


def test_calibrate_non_convergence_with_tight_bounds(dclus1):
    with pytest.raises(ConvergenceError, match=r"bounds \(0.9, 1.1\) may be too tight") as info:
        dclus1.calibrate({"stype": POP_TYPES, "api99": 3914069}, bounds=(0.9, 1.1),
                         max_iter=100)
    assert info.value.achieved_error > 0.01


def test_logit_calibration_needs_bounds(dclus1):
    with pytest.raises(WeightingError, match="logit calibration requires finite bounds"):
        dclus1.calibrate({"stype": POP_TYPES}, method="logit")


def test_unknown_calibration_method(dclus1):
    with pytest.raises(WeightingError, match="unknown calibration method 'probit'"):
        dclus1.calibrate({"stype": POP_TYPES}, method="probit")


def test_calibrate_needs_a_size(dclus1):
    with pytest.raises(WeightingError, match="population_size"):
        dclus1.calibrate({"api99": 3914069})


def test_missing_weighting_variable(make_design):
    des = make_design({"sex": ["m", None, "f"]})
    with pytest.raises(WeightingError, match="'sex' has 1 missing values"):
        des.rake({"sex": {"m": 1, "f": 2}})


def test_trim_bounds_reversed_and_impossible(dclus1):
    with pytest.raises(WeightingError, match="reversed"):
        dclus1.trim(lower=40, upper=30)
    with pytest.raises(WeightingError, match="every weight is outside"):
        dclus1.trim(lower=40, upper=50)


def test_lonely_psu(make_design):
    with pytest.raises(DesignError, match=r"stratum 'b' has only one PSU"):
        make_design({"s": ["a", "a", "b"], "y": [1, 2, 3]}, strata="s")


def test_fpc_smaller_than_sample(make_design):
    with pytest.raises(DesignError, match=r"fpc in stratum 'a' is 2, smaller than the 3"):
        make_design({"s": ["a"] * 3, "f": [2] * 3}, strata="s", fpc="f")


def test_bad_weights(make_design):
    with pytest.raises(DesignError, match="weights has missing values"):
        make_design({"w": [1.0, np.nan]}, weights="w")
    with pytest.raises(DesignError, match="weights must be finite and non-negative"):
        make_design({"w": [1.0, -2.0]}, weights="w")


def test_missing_values_need_na_rm(make_design):
    des = make_design({"y": [1.0, None, 3.0]})
    with pytest.raises(DesignError, match=r"'y' has 1 missing values; pass na_rm=True"):
        des.mean("y")
    assert des.mean("y", na_rm=True).estimate == 2.0
    assert des.mean("y", na_rm=True).n == 2


def test_non_numeric_and_infinite_values(make_design):
    des = make_design({"y": [1.0, np.inf, 3.0], "t": ["1", "x", "2"]})
    with pytest.raises(DesignError, match="'y' has infinite values"):
        des.mean("y")
    with pytest.raises(DesignError, match="'t' has non-numeric values, e.g. 'x'"):
        des.total("t")


def test_proportion_needs_value_for_categories(dclus1):
    with pytest.raises(DesignError, match="'stype' is not boolean or 0/1"):
        dclus1.proportion("stype")
    with pytest.raises(ValueError, match="unknown proportion CI method 'wilson'"):
        dclus1.proportion("sch.wide", "Yes", method="wilson")


def test_unknown_domain_in_difference(dclus1):
    with pytest.raises(DesignError, match="domain value 'X' not found in 'stype'"):
        dclus1.difference("api00", "stype", "E", "X")


def test_data_must_be_a_frame():
    with pytest.raises(DesignError, match="DataFrame"):
        SurveyDesign({"y": [1]})  # type: ignore[arg-type]
    with pytest.raises(DesignError, match="no rows"):
        SurveyDesign(pd.DataFrame({"y": []}))
