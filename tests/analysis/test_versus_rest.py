"""``versus_rest`` (each area against the rest of the municipality, all areas in one variance
call) against ``difference`` on a two-level domain "this code" / "the rest", one code at a
time — the textbook route checked against R in ``test_estimators_r.py``."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.compare import versus_rest
from analysis.design import SurveyDesign


@pytest.mark.parametrize("missing", [False, True])
def test_each_code_against_the_rest_equals_the_two_domain_difference(apistrat, missing):
    data = apistrat.copy()
    if missing:  # some answers missing (left out of both means) and a row without a domain
        data.loc[data.index[::7], "api00"] = np.nan
        data["stype"] = data["stype"].astype(object)
        data.loc[data.index[3], "stype"] = None
    design = SurveyDesign(data, weights="pw", strata="stype", fpc="fpc") if not missing else \
        SurveyDesign(data, weights="pw")
    y = data["api00"].to_numpy(float)
    domain = data["stype"].to_numpy(object)
    found = versus_rest(design, y, domain, ["E", "H", "M", "Z"])
    assert set(found) == {"E", "H", "M"}, "a code without rows is left out"
    for code, estimate in found.items():
        two = data.assign(side=np.where(domain == code, "in", "rest"))
        reference = (SurveyDesign(two, weights="pw", strata="stype", fpc="fpc") if not missing
                     else SurveyDesign(two, weights="pw")
                     ).difference("api00", "side", "in", "rest", na_rm=True)
        assert estimate.estimate == pytest.approx(reference.estimate, rel=1e-12)
        assert estimate.se == pytest.approx(reference.se, rel=1e-9)
        assert (estimate.ci_low, estimate.ci_high) == pytest.approx(
            (reference.ci_low, reference.ci_high), rel=1e-9)


def test_a_code_covering_every_answered_row_has_no_rest(apistrat):
    data = apistrat.assign(one="A")
    design = SurveyDesign(data, weights="pw")
    assert versus_rest(design, data["api00"].to_numpy(float), data["one"].to_numpy(object),
                       ["A"]) == {}
