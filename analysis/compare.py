"""Comparisons: domain differences (two domains, each domain against the rest, independent
samples), their p-values, and the Rao–Scott test of association."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy import sparse, stats

from analysis import estimators, intervals, quadform
from analysis._typing import AnyArray, FloatArray, IntArray, weighted_bincount
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


CHISQ_STATISTICS = ("F", "Chisq", "Wald", "adjWald", "lincom", "saddlepoint")


def chisq(design: SurveyDesign, row: ColumnOrArray, col: ColumnOrArray,
          statistic: str = "F") -> ChisqResult:
    """Design-based test of independence, as R ``svychisq(..., statistic=)``.

    ``X²`` is Pearson's statistic on the weighted table scaled to the sample size and ``Δ`` the
    generalised design-effect matrix of the interaction contrasts; ``ν`` the design df.

    * ``F`` (default): Rao–Scott second order, ``X²/tr(Δ)`` on ``F(d, dν)``,
      ``d = tr(Δ)²/tr(Δ²)``;
    * ``Chisq``: first order, ``X²/mean(diag Δ)`` on χ² with ``ncol(Δ)`` df (statistic = X²);
    * ``lincom``: X² against its asymptotic distribution ``Σ λ_j χ²_1 / (χ²_{dν}/(dν))``
      (``λ``: eigenvalues of Δ), evaluated exactly by Imhof's integral (R: Davies' algorithm,
      CompQuadForm); ``saddlepoint``: the same by R's saddlepoint approximation;
    * ``Wald``: Koch et al.'s Wald statistic of the interaction cell totals, ``/(r-1)(c-1)`` on
      ``F((r-1)(c-1), ν)``; ``adjWald``: scaled by ``(ν-d+1)/(dν)`` on ``F(d, ν-d+1)``.

    Rows with a missing value in either variable are left out (as R with ``na.rm=TRUE``).
    """
    if statistic not in CHISQ_STATISTICS:
        raise ValueError(f"unknown statistic {statistic!r}: use one of "
                         f"{', '.join(CHISQ_STATISTICS)}")
    r_raw, c_raw = design.column(row), design.column(col)
    ok = (r_raw.notna() & c_raw.notna()).to_numpy()
    r_codes, r_keys = pd.factorize(r_raw, sort=True)
    c_codes, c_keys = pd.factorize(c_raw, sort=True)
    nr, nc = len(r_keys), len(c_keys)
    if nr < 2 or nc < 2:
        raise DesignError("chisq() needs at least two categories in each variable")
    cell = np.where(ok, r_codes + nr * c_codes, -1)
    used = np.flatnonzero(ok)
    w = design.weights * ok
    nu = float(design._structure.n_psu - design._structure.n_strata)
    if statistic in ("Wald", "adjWald"):
        mm = np.zeros((cell.size, nr * nc))
        mm[used, cell[used]] = 1.0
        return _wald(design, mm, w, nr, nc, nu, statistic)
    props, vcov = _share_vcov(design, cell[used], used, w[used], nr * nc)
    n_obs = int(used.size)
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
    if statistic == "F":
        f_stat = pearson / trace
        return ChisqResult(statistic=f_stat, ndf=d0, ddf=d0 * nu,
                           p_value=float(stats.f.sf(f_stat, d0, d0 * nu)), pearson=pearson)
    if statistic == "Chisq":
        k = delta.shape[1]
        return ChisqResult(statistic=pearson, ndf=float(k), ddf=float("inf"),
                           p_value=float(stats.chi2.sf(pearson / (trace / k), k)),
                           pearson=pearson, method="Pearson's X^2: Rao & Scott adjustment")
    eigen = np.linalg.eigvals(delta).real
    p = quadform.pfsum_sf(pearson, eigen, d0 * nu,
                          "integration" if statistic == "lincom" else "saddlepoint")
    label = ("asymptotic exact distribution" if statistic == "lincom"
             else "saddlepoint approximation")
    return ChisqResult(statistic=pearson, ndf=float("nan"), ddf=d0 * nu, p_value=p,
                       pearson=pearson, method=f"Pearson's X^2: {label}")


def _share_vcov(design: SurveyDesign, cell: IntArray, rows: IntArray, w: FloatArray, k: int
                ) -> tuple[FloatArray, FloatArray]:
    """Shares of the ``k`` cells (``cell[i]`` of row ``rows[i]``, weight ``w[i]``) and their
    covariance.

    The influence of share ``c`` is ``w (1[cell = c] - p_c) / Σw``: the sparse cell indicators
    minus ``p_c`` times one weight column. The covariance of the ``k + 1`` sparse columns comes
    from :meth:`DesignStructure.vcov_sparse` (PSU sums by sparse products, no dense n × k
    matrix), and ``V = J V₊ J'`` with ``J = [I, -p]``.
    """
    psum = float(w.sum())
    props = weighted_bincount(cell, weights=w, minlength=k) / psum
    values = np.concatenate([w, w]) / psum
    x = sparse.csr_matrix((values, (np.concatenate([rows, rows]),
                                    np.concatenate([cell, np.full(rows.size, k)]))),
                          shape=(design.n, k + 1))
    full = design._structure.vcov_sparse(x, design._steps)
    jac = np.hstack([np.eye(k), -props[:, None]])
    return props, jac @ full @ jac.T


def _wald(design: SurveyDesign, mm: FloatArray, w: FloatArray, nr: int, nc: int, nu: float,
          statistic: str) -> ChisqResult:
    """R ``svychisq(statistic="Wald"/"adjWald")`` from the totals of cells, margins and 1."""
    rows_of_cell = np.tile(np.arange(nr), nc)
    cols_of_cell = np.repeat(np.arange(nc), nr)
    mr = np.column_stack([mm[:, rows_of_cell == i].sum(axis=1) for i in range(nr)])
    mc = np.column_stack([mm[:, cols_of_cell == j].sum(axis=1) for j in range(nc)])
    one = (mm.sum(axis=1) > 0) * 1.0
    x = np.column_stack([mm, mr, mc, one])
    cells = (w[:, None] * x).sum(axis=0)
    vcov = design.vcov_of_totals(w[:, None] * x)
    k = nr * nc
    r_tot, c_tot, total = cells[k:k + nr], cells[k + nr:k + nr + nc], cells[-1]
    jac = np.column_stack([
        np.eye(k),
        -1.0 * (rows_of_cell[:, None] == np.arange(nr)[None, :])
        * (c_tot[cols_of_cell] / total)[:, None],
        -1.0 * (cols_of_cell[:, None] == np.arange(nc)[None, :])
        * (r_tot[rows_of_cell] / total)[:, None],
        np.outer(r_tot, c_tot).T.ravel() / total**2,
    ])
    y = cells[:k] - np.outer(r_tot, c_tot).T.ravel() / total
    v = jac @ vcov @ jac.T
    use = np.arange(k).reshape(nc, nr).T[1:, 1:].T.ravel()
    stat = float(y[use] @ np.linalg.solve(v[np.ix_(use, use)], y[use]))
    ndf = float((nr - 1) * (nc - 1))
    if statistic == "Wald":
        stat, ddf = stat / ndf, nu
    else:
        ddf = nu - ndf + 1
        stat = stat * ddf / (ndf * nu)
    return ChisqResult(statistic=stat, ndf=ndf, ddf=ddf,
                       p_value=float(stats.f.sf(stat, ndf, ddf)), pearson=float("nan"),
                       method="Design-based Wald test of association")


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
    # the domain as integer labels once: comparing an object array of area codes per code
    # was most of this function's time (50 areas × 100 000 rows, three times over)
    labels, found = pd.factorize(np.asarray(domain, dtype=object))
    position = {code: k for k, code in enumerate(found)}
    counted = np.bincount(labels[ok & (labels >= 0)], minlength=len(found))
    n_ok = int(np.count_nonzero(ok))
    usable = [c for c in codes
              if c in position and 0 < counted[position[c]] < n_ok]
    if not usable:
        return {}
    z = np.zeros((design.n, len(usable)))
    diffs = []
    for j, code in enumerate(usable):
        inside = labels == position[code]
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
