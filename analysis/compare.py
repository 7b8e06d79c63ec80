"""Comparisons: domain differences (two domains, each domain against the rest, independent
samples), their p-values, and the Rao–Scott test of association."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy import stats

from analysis import estimators, intervals
from analysis._typing import AnyArray, FloatArray
from analysis.errors import DesignError
from analysis.results import ChisqResult, Estimate

if TYPE_CHECKING:
    from analysis.design import ColumnOrArray, SurveyDesign


def difference(design: SurveyDesign, col: ColumnOrArray, domain: ColumnOrArray, a: Hashable,
               b: Hashable, *, stat: str = "mean", value: Hashable | None = None,
               na_rm: bool = False, conf_level: float = 0.95) -> Estimate:
    """``stat`` in domain ``a`` minus ``stat`` in domain ``b``.

    ``SE = sqrt(V_aa + V_bb - 2 V_ab)`` from the joint covariance of the domain estimates
    (R ``svycontrast(svyby(..., covmat=TRUE), c(1, -1))``); t interval with the design df;
    ``n`` is the number of respondents in the two domains, ``deff`` is not defined (NaN).
    """
    table = estimators.by(design, domain, col, stat, value=value, na_rm=na_rm,
                          conf_level=conf_level)
    for key in (a, b):
        if key not in table.keys:
            raise DesignError(f"domain value {key!r} not found in {table.domain!r}")
    i, j = table.keys.index(a), table.keys.index(b)
    est = table.estimates[i].estimate - table.estimates[j].estimate
    var = table.vcov[i, i] + table.vcov[j, j] - 2 * table.vcov[i, j]
    se = float(np.sqrt(max(var, 0.0)))
    df = design.df
    lo, hi = intervals.wald(est, se, df, conf_level)
    n = table.estimates[i].n + table.estimates[j].n
    return Estimate(est, se, lo, hi, df, float("nan"), n, method="t",
                    definition=f"{stat} of {col!r}: {a!r} minus {b!r}")


def chisq(design: SurveyDesign, row: ColumnOrArray, col: ColumnOrArray) -> ChisqResult:
    """Rao–Scott second-order corrected Pearson test, F form, as R ``svychisq`` (default).

    ``F = X² / tr(Δ)`` referred to ``F(d, d·ν)`` with ``d = tr(Δ)² / tr(Δ²)`` (fractional) and
    ``ν`` the design df, where ``X²`` is Pearson's statistic on the weighted table scaled to the
    sample size and ``Δ`` the generalised design-effect matrix of the interaction contrasts.
    Rows with a missing value in either variable are left out (as R with ``na.rm=TRUE``).
    """
    r_raw, c_raw = design.column(row), design.column(col)
    ok = (r_raw.notna() & c_raw.notna()).to_numpy()
    r_codes, r_keys = pd.factorize(r_raw, sort=True)
    c_codes, c_keys = pd.factorize(c_raw, sort=True)
    nr, nc = len(r_keys), len(c_keys)
    if nr < 2 or nc < 2:
        raise DesignError("chisq() needs at least two categories in each variable")
    cell = np.where(ok, r_codes + nr * c_codes, -1)
    mm = (cell[:, None] == np.arange(nr * nc)[None, :]).astype(np.float64)
    w = design.weights * ok
    psum = w.sum()
    props = (w[:, None] * mm).sum(axis=0) / psum
    vcov = design.vcov_of_totals(w[:, None] * (mm - props) / psum)
    n_obs = int(ok.sum())
    table = (props * n_obs).reshape(nc, nr).T
    expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / n_obs
    pearson = float(np.sum((table - expected) ** 2 / expected))
    rows = np.tile(np.arange(nr), nc)
    cols = np.repeat(np.arange(nc), nr)
    main = np.column_stack([np.ones(nr * nc)]
                           + [(rows == i) * 1.0 for i in range(1, nr)]
                           + [(cols == j) * 1.0 for j in range(1, nc)])
    inter = np.column_stack([((rows == i) & (cols == j)) * 1.0
                             for j in range(1, nc) for i in range(1, nr)])
    cmat = inter - main @ np.linalg.lstsq(main, inter, rcond=None)[0]
    inv_d = np.where(props == 0, 0.0, 1.0 / np.where(props == 0, 1.0, props))
    denom = cmat.T @ (cmat * (inv_d / n_obs)[:, None])
    numr = (cmat * inv_d[:, None]).T @ vcov @ (cmat * inv_d[:, None])
    delta = np.linalg.solve(denom, numr)
    trace = float(np.trace(delta))
    d0 = trace**2 / float(np.trace(delta @ delta))
    nu = float(design._structure.n_psu - design._structure.n_strata)
    f_stat = pearson / trace
    return ChisqResult(statistic=f_stat, ndf=d0, ddf=d0 * nu,
                       p_value=float(stats.f.sf(f_stat, d0, d0 * nu)), pearson=pearson)


def versus_rest(design: SurveyDesign, y: FloatArray, domain: AnyArray,
                codes: Sequence[Hashable], conf_level: float = 0.95) -> dict[Hashable, Estimate]:
    """Each domain's mean of ``y`` minus the mean of all other rows (NaN in ``y`` = not in the
    denominator), for every code in ``codes``.

    The same statistic, linearised variance and t interval (design df) as
    :func:`difference` on the two-level domain "code" / "rest", but with the influence values
    of all codes in one variance call (one calibration fit instead of one per code). Codes
    without rows on both sides are left out.
    """
    w = design.weights
    ok = ~np.isnan(y)
    yz = np.where(ok, y, 0.0)
    wo = w * ok
    total_w, total_wy = float(np.sum(wo)), float(np.sum(wo * yz))
    usable = [c for c in codes if np.any((domain == c) & ok) and np.any((domain != c) & ok)]
    if not usable:
        return {}
    z = np.zeros((design.n, len(usable)))
    diffs = []
    for j, code in enumerate(usable):
        inside = domain == code
        w_in = float(np.sum(wo[inside]))
        m_in = float(np.sum(wo[inside] * yz[inside])) / w_in
        w_out = total_w - w_in
        m_out = (total_wy - m_in * w_in) / w_out
        z[:, j] = np.where(inside, wo * (yz - m_in) / w_in, -wo * (yz - m_out) / w_out)
        diffs.append(m_in - m_out)
    variances = np.diag(design.vcov_of_totals(z))
    df = design.df
    out: dict[Hashable, Estimate] = {}
    for code, diff, var in zip(usable, diffs, variances, strict=True):
        se = float(np.sqrt(max(var, 0.0)))
        lo, hi = intervals.wald(diff, se, df, conf_level)
        n = int(np.count_nonzero(ok & (w > 0)))
        out[code] = Estimate(diff, se, lo, hi, df, float("nan"), n, method="t",
                             definition="domain minus the rest")
    return out


def independent_difference(now: Estimate, before: Estimate, conf_level: float = 0.95
                           ) -> Estimate:
    """``now - before`` for estimates from independent samples (e.g. two survey waves):
    ``SE = √(se₁² + se₂²)``, t interval with the smaller of the two df (conservative)."""
    diff = now.estimate - before.estimate
    se = float(np.hypot(now.se, before.se))
    df = min(now.df, before.df)
    lo, hi = intervals.wald(diff, se, df, conf_level)
    return Estimate(diff, se, lo, hi, df, float("nan"), now.n + before.n, method="t",
                    definition="difference between independent samples")


def t_p_value(est: Estimate) -> float:
    """Two-sided p-value of ``estimate = 0`` with the t distribution on ``est.df``; NaN when
    the SE or df make the test undefined (see :func:`analysis.intervals.undefined`)."""
    if intervals.undefined(est.se, est.df):
        return float("nan")
    t = abs(est.estimate) / est.se
    return float(2 * (stats.norm.sf(t) if np.isinf(est.df) else stats.t.sf(t, est.df)))
