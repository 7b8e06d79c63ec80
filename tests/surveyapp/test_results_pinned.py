"""The app's figures pinned to numbers computed here by hand (explicit formulas, loops), on a
fixed data set: indicator and problem index by area with the app's design (areas as strata,
SRS without replacement from the area's population, unweighted), and area vs rest."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from surveyapp.results.tables import Wave, measure_table
from surveyapp.results.weighting import WeightingSettings, weight_frame

POP = {"A": 60, "B": 50, "C": 80}
FRAME = pd.DataFrame({
    "area": list("AAAAAAA") + list("BBBBBB") + list("CCCCC"),
    "trygg_kvall": [1, 3, 4, 2, 5, 6, 3, 1, 2, 2, 3, 9, 1, 4, 1, 2, 3, 1],
    "problem_a": [1, 2, 3, 9, 1, 2, 3, 3, 3, 2, 1, 9, 2, 1, 1, 3, 2, 9],
    "problem_b": [2, 2, 9, 9, 1, 3, 3, 3, 2, 9, 1, 1, 2, 3, 1, 9, 2, 3],
    "sex": "f", "age_group": "16-29",
})


def _hand_unsafe(codes):
    return np.array([1.0 if c in (3, 4, 5) else 0.0 if c in (1, 2) else np.nan for c in codes])


def _hand_index(a, b):
    score = {1: 6.0, 2: 3.0, 3: 0.0}
    out = []
    for x, y in zip(a, b, strict=True):
        got = [score[v] for v in (x, y) if v in score]
        out.append(sum(got) / len(got) if got else np.nan)
    return np.array(out)


def _stratified_var(z: np.ndarray, area: np.ndarray) -> float:
    """Σ_h (1 - n_h/N_h) n_h/(n_h - 1) Σ_i (z_hi - z̄_h)², by loops."""
    total = 0.0
    for h, big_n in POP.items():
        zh = [z[i] for i in range(len(z)) if area[i] == h]
        n = len(zh)
        mean = sum(zh) / n
        total += (1 - n / big_n) * n / (n - 1) * sum((v - mean) ** 2 for v in zh)
    return total


def _domain(y: np.ndarray, area: np.ndarray, inside: np.ndarray) -> tuple[float, float]:
    ok = ~np.isnan(y) & inside
    m = ok.sum()
    est = y[ok].sum() / m
    z = np.where(ok, np.nan_to_num(y) - est, 0.0) / m
    return est, math.sqrt(_stratified_var(z, area))


def _table(app, key):
    from questionnaires import load_library
    from surveyapp.results.measures import index_items, measures

    model = load_library("trygghet")
    items = index_items(model, "problem_")  # the first two carry the answers, the rest unasked
    frame = FRAME.rename(columns={"problem_a": items[0], "problem_b": items[1]}).assign(
        **{item: np.nan for item in items[2:]})
    population = pd.DataFrame([(a, "f", "16-29", n) for a, n in POP.items()],
                              columns=["area", "sex", "age_group", "count"])
    design, diagnostics, _ = weight_frame(frame, WeightingSettings("none"), population)
    with app.test_request_context():
        measure = next(m for m in measures(model) if m.key == key)
        wave = Wave(2026, design, {a: a for a in POP}, diagnostics)
        return measure_table(wave, measure, min_n=0)


@pytest.mark.parametrize(("key", "values"), [
    ("trygg_kvall", _hand_unsafe(FRAME["trygg_kvall"])),
    ("problem_index", _hand_index(FRAME["problem_a"], FRAME["problem_b"])),
])
def test_measure_by_area_and_area_vs_rest_match_hand_formulas(app, key, values):
    table = _table(app, key)
    area = FRAME["area"].to_numpy()
    rows = {r["area"]: r for r in table.rows}
    est, se = _domain(values, area, np.ones(len(area), bool))
    assert rows["_all"]["estimate"] == pytest.approx(est, rel=1e-12)
    assert rows["_all"]["se"] == pytest.approx(se, rel=1e-10)
    for code in POP:
        inside = area == code
        est, se = _domain(values, area, inside)
        df = (inside & ~np.isnan(values)).sum() - 1  # respondents in the denominator - 1
        row = rows[code]
        assert row["estimate"] == pytest.approx(est, rel=1e-12), code
        assert row["se"] == pytest.approx(se, rel=1e-10), code
        t = stats.t.ppf(0.975, df)
        if key == "trygg_kvall":  # logit interval
            lg, half = math.log(est / (1 - est)), t * se / (est * (1 - est))
            ci = (1 / (1 + math.exp(-(lg - half))), 1 / (1 + math.exp(-(lg + half))))
        else:
            ci = (est - t * se, est + t * se)
        assert (row["ci_low"], row["ci_high"]) == pytest.approx(ci, rel=1e-10), code
        # area vs rest: difference of the two domain means, variance from the joint influence
        ok = ~np.isnan(values)
        rest = ~inside
        m_in, m_out = values[ok & inside].mean(), values[ok & rest].mean()
        z = np.where(ok & inside, np.nan_to_num(values) - m_in, 0.0) / (ok & inside).sum() \
            - np.where(ok & rest, np.nan_to_num(values) - m_out, 0.0) / (ok & rest).sum()
        se_diff = math.sqrt(_stratified_var(z, area))
        comparison = row["vs_municipality"]
        assert comparison["difference"] == pytest.approx(m_in - m_out, rel=1e-12)
        design_df = len(area) - len(POP)
        p = 2 * stats.t.sf(abs(m_in - m_out) / se_diff, design_df)
        assert comparison["p_value"] == pytest.approx(p, rel=1e-9), code
