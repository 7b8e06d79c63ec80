"""Cell collapsing for post-stratification: the stated rule, checked on hand-made counts."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.errors import WeightingError
from analysis.weighting import CollapsedCell, collapse_cells

AGES = ["16-29", "30-49", "50-64", "65-84", "?"]


def _data(counts: dict[str, int]) -> tuple[pd.DataFrame, pd.DataFrame]:
    sample = pd.DataFrame([("A", "f", g) for g, k in counts.items() for _ in range(k)],
                          columns=["area", "sex", "age_group"])
    pop = pd.DataFrame([("A", "f", g, 100 * (i + 1)) for i, g in enumerate(AGES)],
                       columns=["area", "sex", "age_group", "count"])
    return sample, pop


def test_smallest_block_goes_to_its_smaller_neighbour_and_unknown_age_stays():
    # 16-29: 4, 30-49: 1, 50-64: 2, 65-84: 9, ?: 1 -> 30-49 (1) merges with 50-64 (2, smaller
    # than 4) -> block of 3, no block below 3 left; "?" is not ordered and is never merged
    sample, pop = _data({"16-29": 4, "30-49": 1, "50-64": 2, "65-84": 9, "?": 1})
    labels, merged, report = collapse_cells(sample, pop, ["area", "sex"], "age_group")
    assert report == [CollapsedCell(("A", "f"), ("30-49", "50-64"), 3)]
    assert set(labels) == {"16-29", "30-49+50-64", "65-84", "?"}
    counts = merged.set_index("age_group")["count"].to_dict()
    assert counts == {"16-29": 100, "30-49+50-64": 200 + 300, "65-84": 400, "?": 500}


def test_empty_cells_chain_until_every_block_has_three():
    sample, pop = _data({"16-29": 0, "30-49": 0, "50-64": 1, "65-84": 5, "?": 0})
    _, merged, report = collapse_cells(sample, pop, ["area", "sex"], "age_group")
    # 16-29 (0) + 30-49 (0) -> 0; + 50-64 (1) -> 1; + 65-84 -> 6: one block of everything ordered
    assert report == [CollapsedCell(("A", "f"), ("16-29", "30-49", "50-64", "65-84"), 6)]
    assert merged["count"].sum() == 1500


def test_nobody_in_area_and_sex_is_an_error():
    sample, pop = _data({"16-29": 3})
    pop = pd.concat([pop, pop.assign(sex="m")], ignore_index=True)
    with pytest.raises(WeightingError, match="no respondents"):
        collapse_cells(sample, pop, ["area", "sex"], "age_group")
