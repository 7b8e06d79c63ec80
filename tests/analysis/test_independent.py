"""Checks against references that do not come from this code: repeated rows, brute force on
tiny populations, closed forms."""

from __future__ import annotations

from itertools import combinations, product

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import SurveyDesign


@st.composite
def weighted_samples(draw):
    n = draw(st.integers(6, 14))  # the first four rows fill every (g, s) cell: raking is feasible
    rows = {
        "y": draw(st.lists(st.integers(0, 9), min_size=n, max_size=n)),
        "g": draw(st.lists(st.sampled_from("ab"), min_size=n, max_size=n)),
        "k": draw(st.lists(st.integers(1, 4), min_size=n, max_size=n)),
    }
    frame = pd.DataFrame(rows)
    frame["s"] = np.arange(n) % 2
    frame["id"] = np.arange(n)
    frame["g"] = frame["g"].where(frame.index >= 4, pd.Series(["a", "a", "b", "b"]))
    return frame


@settings(max_examples=40, deadline=None)
@given(weighted_samples())
def test_integer_weights_equal_repeated_rows(frame):
    """Weight k on a row = k copies of it in the same PSU: estimates AND SEs must agree."""
    weighted = SurveyDesign(frame, weights="k", strata="s", cluster="id")
    copies = frame.loc[frame.index.repeat(frame["k"])].reset_index(drop=True)
    repeated = SurveyDesign(copies, strata="s", cluster="id")
    for a, b in [(weighted.mean("y"), repeated.mean("y")),
                 (weighted.total("y"), repeated.total("y")),
                 (weighted.proportion("g", "a"), repeated.proportion("g", "a"))]:
        assert (a.estimate, a.se, a.df) == pytest.approx((b.estimate, b.se, b.df), rel=1e-9)
    ta, tb = weighted.by("g", "y"), repeated.by("g", "y")
    assert ta.vcov == pytest.approx(tb.vcov, rel=1e-9, abs=1e-12)
    margins = {"g": {"a": 40, "b": 60}, "s": {0: 55, 1: 45}}
    ra, rb = weighted.rake(margins), repeated.rake(margins)
    assert ra.weights / frame["k"].to_numpy() == pytest.approx(
        rb.weights[np.cumsum(frame["k"]) - 1], rel=1e-9)
    ea, eb = ra.mean("y"), rb.mean("y")
    assert (ea.estimate, ea.se) == pytest.approx((eb.estimate, eb.se), rel=1e-8, abs=1e-12)


def _all_samples(strata_sizes, sample_sizes):
    """Every stratified simple random sample without replacement (index tuples)."""
    offsets = np.cumsum([0, *strata_sizes])
    per_stratum = [list(combinations(range(offsets[h], offsets[h + 1]), n))
                   for h, n in enumerate(sample_sizes)]
    for parts in product(*per_stratum):
        yield [i for part in parts for i in part]


def test_stratified_srswor_variance_is_unbiased_by_brute_force():
    """E[v(t)] = Var(t) exactly for the HT total under stratified SRSWOR with fpc."""
    y = np.array([3.0, 7, 1, 8, 2, 10, 4, 4, 9, 0, 6])
    strata_sizes, sample_sizes = (5, 6), (2, 3)
    stratum = np.repeat([0, 1], strata_sizes)
    totals, variances = [], []
    for idx in _all_samples(strata_sizes, sample_sizes):
        h = stratum[idx]
        frame = pd.DataFrame({"y": y[idx], "h": h,
                              "w": np.array(strata_sizes)[h] / np.array(sample_sizes)[h],
                              "N": np.array(strata_sizes)[h]})
        est = SurveyDesign(frame, weights="w", strata="h", fpc="N").total("y")
        totals.append(est.estimate)
        variances.append(est.se**2)
    assert np.mean(totals) == pytest.approx(y.sum(), rel=1e-12)
    assert np.mean(variances) == pytest.approx(np.var(totals), rel=1e-10)


def test_cluster_sampling_variance_is_unbiased_by_brute_force():
    """Whole clusters by SRSWOR (one stage): E[v(t)] = Var(t) exactly."""
    cluster_values = [[1.0, 2], [5.0], [2.0, 2, 2], [9.0, 1], [0.0, 4, 4], [3.0]]
    big_n, n = len(cluster_values), 3
    totals, variances = [], []
    for chosen in combinations(range(big_n), n):
        frame = pd.DataFrame([(c, v) for c in chosen for v in cluster_values[c]],
                             columns=["c", "y"])
        frame["w"], frame["N"] = big_n / n, big_n
        est = SurveyDesign(frame, weights="w", cluster="c", fpc="N").total("y")
        totals.append(est.estimate)
        variances.append(est.se**2)
    assert np.mean(totals) == pytest.approx(sum(map(sum, cluster_values)), rel=1e-12)
    assert np.mean(variances) == pytest.approx(np.var(totals), rel=1e-10)


@pytest.mark.parametrize("method", ["beta", "logit"])
def test_interval_at_zero_and_one_is_clopper_pearson(make_design, method):
    n = 40
    none = make_design({"x": [0] * n}).proportion("x", method=method)
    assert (none.estimate, none.ci_low) == (0.0, 0.0)
    assert none.ci_high == pytest.approx(1 - 0.025 ** (1 / n), rel=1e-12)
    every = make_design({"x": [1] * n}).proportion("x", method=method)
    assert every.ci_low == pytest.approx(0.025 ** (1 / n), rel=1e-12)
    assert every.ci_high == 1.0
    assert none.method.startswith("beta")


def test_kish_design_effect(make_design):
    des = make_design({"w": [1.0, 1, 2, 4]}, weights="w")
    assert des.kish_deff() == pytest.approx(4 * 22 / 64)
    assert des.effective_n() == pytest.approx(64 / 22)


def test_boolean_column_and_srs_textbook(make_design):
    """SRS without weights: mean SE is s/sqrt(n), the textbook formula."""
    y = np.array([2.0, 4, 4, 5, 7, 9, 10, 11])
    des = make_design({"y": y, "b": y > 5})
    est = des.mean("y")
    assert est.se == pytest.approx(y.std(ddof=1) / np.sqrt(y.size), rel=1e-12)
    assert est.df == y.size - 1
    assert des.proportion("b").estimate == pytest.approx(0.5)


def test_sparse_domain_variance_equals_dense_residuals():
    """The fast path for domain tables (small-matrix algebra) equals the plain computation on
    the dense residual matrix, for a stratified cluster design with fpc after raking."""
    from scipy import sparse

    rng = np.random.default_rng(7)
    n = 600
    frame = pd.DataFrame({"s": rng.integers(0, 3, n), "c": rng.integers(0, 20, n),
                          "a": rng.integers(0, 4, n), "b": rng.integers(0, 2, n),
                          "d": rng.integers(0, 5, n), "y": rng.normal(100, 15, n),
                          "w": rng.uniform(1, 4, n)})
    frame["N"] = 40
    base = SurveyDesign(frame, weights="w", strata="s", cluster="c", fpc="N")
    raked = base.rake({"a": {0: 300, 1: 200, 2: 300, 3: 200}, "b": {0: 480, 1: 520}})
    for design in (base, raked):
        dom = frame["d"].to_numpy()
        x = sparse.csr_matrix((design.weights * frame["y"].to_numpy(), (np.arange(n), dom)),
                              shape=(n, 5))
        fast = design._structure.vcov_sparse(x, design._steps)
        dense = design._structure.vcov(x.toarray(), design._steps)
        assert fast == pytest.approx(dense, rel=1e-9, abs=1e-9 * np.abs(dense).max())


def test_srswor_design_effect_is_one(make_design):
    """Simple random sampling without replacement with weights N/n and fpc N: deff = 1."""
    y = np.array([3.0, 1, 4, 1, 5, 9, 2, 6, 5, 3])
    des = make_design({"y": y, "w": 50 / y.size, "N": 50}, weights="w", fpc="N")
    est = des.mean("y")
    assert est.deff == pytest.approx(1.0, rel=1e-12)
    assert est.se == pytest.approx(np.sqrt((1 - y.size / 50) * y.var(ddof=1) / y.size), rel=1e-12)
    assert des.total("y").deff == pytest.approx(1.0, rel=1e-12)


@pytest.mark.parametrize("fpc", [50, 50.0, np.int64(50), np.float64(50)])
def test_scalar_fpc_of_any_numeric_type(make_design, fpc):
    """A population size given as one number, Python or numpy (e.g. ``frame["N"].max()``),
    is the fpc of every row; a numpy integer used to be taken for a 1-row array."""
    y = np.array([3.0, 1, 4, 1, 5, 9, 2, 6, 5, 3])
    est = make_design({"y": y, "w": 50 / y.size}, weights="w", fpc=fpc).mean("y")
    assert est.se == pytest.approx(np.sqrt((1 - y.size / 50) * y.var(ddof=1) / y.size), rel=1e-12)
