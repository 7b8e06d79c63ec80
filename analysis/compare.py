"""Comparisons: difference between two domains and the Rao–Scott test of association."""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy import stats

from analysis import estimators, intervals
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
