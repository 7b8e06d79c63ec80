"""Trygghet indicator, problem/worry indices and suppression, checked by hand counts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import DesignError, SurveyDesign, problem_index, suppress, unsafe_share, worry_index

# codes: 1 Mycket trygg, 2 Ganska trygg, 3 Ganska otrygg, 4 Mycket otrygg,
# 5 Går aldrig ut – otrygghet, 6 Går aldrig ut – andra skäl, 9 Vet ej
ANSWERS = [1, 2, 3, 4, 5, 6, 9, None, 2, 3]
WEIGHTS = [1.0, 2, 1, 1, 2, 5, 5, 5, 1, 1]


def design(**extra):
    frame = pd.DataFrame({"trygg_kvall": ANSWERS, "w": WEIGHTS, **extra})
    return SurveyDesign(frame, weights="w")


def test_unsafe_share_definition_by_hand():
    est = unsafe_share(design(), min_n=1)
    # denominator: codes 1-5 -> weights 1+2+1+1+2+1+1 = 9; numerator: 3,4,5,3 -> 1+1+2+1 = 5
    assert est.estimate == pytest.approx(5 / 9, rel=1e-14)
    assert est.n == 7
    assert "går aldrig ut" in est.definition and "nämnaren" in est.definition
    assert est.ci_low < est.estimate < est.ci_high


def test_unsafe_share_codes_are_parameters():
    alt = unsafe_share(design(), unsafe=(4,), safe=(1, 2, 3), min_n=1)
    assert alt.estimate == pytest.approx((1 + 2) / 9, rel=1e-14)


def test_unexpected_code_is_an_error():
    frame = pd.DataFrame({"trygg_kvall": [1, 2, 7], "w": 1.0})
    with pytest.raises(DesignError, match=r"item 'trygg_kvall' has answer code 7"):
        unsafe_share(SurveyDesign(frame, weights="w"))


def test_suppression_marks_and_hides():
    est = unsafe_share(design())  # min_n defaults to 30 and n = 7
    assert est.suppressed
    assert est.estimate == pytest.approx(5 / 9)  # kept, only marked
    shown = est.public()
    assert shown["estimate"] is None and shown["ci_low"] is None and shown["n"] == 7
    assert not suppress(est, min_n=7).suppressed
    with pytest.raises(ValueError, match="min_n must be a non-negative integer"):
        suppress(est, min_n=-1)


def test_by_area_marks_small_cells():
    areas = ["A"] * 5 + ["B"] * 5
    table = unsafe_share(design(area=areas), by="area", min_n=3)
    # area A has codes 1,2,3,4,5 (n=5); area B has 6,9,None,2,3 (n=2 valid)
    assert table.keys == ("A", "B")
    assert table["A"].estimate == pytest.approx(4 / 7)
    assert not table["A"].suppressed and table["B"].suppressed
    frame = table.public_frame()
    assert np.isnan(frame.loc[1, "estimate"]) and frame.loc[1, "n"] == 2
    assert frame.loc[0, "estimate"] == pytest.approx(4 / 7)


def test_problem_index_by_hand():
    frame = pd.DataFrame({
        "problem_nedskrapning": [1, 2, 3, 9, None],
        "problem_buskorning": [1, 3, 9, 9, 2],
        "w": [1.0, 1, 2, 1, 1],
    })
    est = problem_index(SurveyDesign(frame, weights="w"), min_n=1)
    # respondent indices: (6+6)/2=6, (3+0)/2=1.5, 0/1=0, none answered -> out, 3/1=3
    assert est.estimate == pytest.approx((6 + 1.5 + 0 * 2 + 3) / 5, rel=1e-14)
    assert est.n == 4
    assert est.definition.startswith("Problemindex 0–6")
    stricter = problem_index(SurveyDesign(frame, weights="w"), min_items=2, min_n=1)
    assert stricter.estimate == pytest.approx((6 + 1.5) / 2)


def test_worry_index_by_hand():
    frame = pd.DataFrame({"oro_inbrott": [1, 2, 3, 4], "oro_overfall": [4, 4, 9, 1]})
    est = worry_index(SurveyDesign(frame), min_n=1)
    # (6+0)/2=3, (4+0)/2=2, 2/1=2, (0+6)/2=3
    assert est.estimate == pytest.approx(2.5)
    with pytest.raises(DesignError, match="no oro_"):
        worry_index(SurveyDesign(pd.DataFrame({"x": [1, 2]})))


def test_missing_area_is_an_error_not_a_silent_drop():
    areas = ["A"] * 5 + [None] * 5
    with pytest.raises(DesignError, match=r"domain column 'area' has 5 missing values"):
        unsafe_share(design(area=areas), by="area")


def test_worry_index_default_items_leave_out_the_quality_of_life_item():
    import pandas as pd

    from analysis import SurveyDesign, worry_index

    data = pd.DataFrame({"oro_inbrott": [1, 4, 2], "oro_paverkan": [4, 4, 4]})
    result = worry_index(SurveyDesign(data), min_n=1)
    # Only oro_inbrott: scores 6, 0, 4 -> mean 10/3 (oro_paverkan would pull it down to 5/3).
    assert abs(result.estimate - 10 / 3) < 1e-12
