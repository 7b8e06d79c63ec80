"""Simulation: 95% intervals for a proportion under stratified sampling cover 94–96%."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import SurveyDesign

STRATA_N = np.array([2000, 3000, 5000])
STRATA_P = np.array([0.15, 0.3, 0.5])
SAMPLE_N = np.array([80, 80, 100])
REPLICATES = 3000
BATCH = 100


def _coverage(method: str) -> float:
    rng = np.random.default_rng(20240611)
    population = [rng.random(n) < p for n, p in zip(STRATA_N, STRATA_P, strict=True)]
    truth = sum(map(np.sum, population)) / STRATA_N.sum()
    draws = [np.argsort(rng.random((REPLICATES, n_pop)), axis=1)[:, :n]
             for n_pop, n in zip(STRATA_N, SAMPLE_N, strict=True)]
    hits = 0
    for start in range(0, REPLICATES, BATCH):
        reps = np.arange(start, start + BATCH)
        # many replicates in one design: replicate r is a domain with its own strata
        parts = [pd.DataFrame({"rep": np.repeat(reps, SAMPLE_N[h]),
                               "stratum": np.repeat(reps, SAMPLE_N[h]) * 3 + h,
                               "y": population[h][draws[h][reps]].ravel(),
                               "w": STRATA_N[h] / SAMPLE_N[h], "N": STRATA_N[h]})
                 for h in range(3)]
        design = SurveyDesign(pd.concat(parts, ignore_index=True), weights="w",
                              strata="stratum", fpc="N")
        table = design.by("rep", "y", "proportion", method=method)
        hits += sum(e.ci_low <= truth <= e.ci_high for e in table.estimates)
    return hits / REPLICATES


@pytest.mark.parametrize("method", ["logit", "beta"])
def test_proportion_ci_coverage(method):
    coverage = _coverage(method)
    assert 0.94 <= coverage <= 0.96, coverage
