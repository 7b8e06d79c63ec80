"""Trend of a proportion over survey waves: design-based logistic and linear slopes."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from analysis import estimators, intervals
from analysis._typing import FloatArray
from analysis.errors import ConvergenceError, DesignError
from analysis.results import Estimate, TrendResult

if TYPE_CHECKING:
    from analysis.design import ColumnOrArray, SurveyDesign


def proportion_trend(design: SurveyDesign, col: ColumnOrArray, wave: ColumnOrArray,
                     value: Hashable | None = None, *, na_rm: bool = False,
                     conf_level: float = 0.95) -> TrendResult:
    """Slope of the proportion ``col == value`` over the numeric ``wave`` (e.g. the year).

    Fits ``logit P(y=1) = a + b·wave`` (R ``svyglm(y ~ wave, family=quasibinomial)``) and the
    linear probability model ``P(y=1) = a + b·wave`` (``svyglm(y ~ wave)``) by weighted
    estimating equations; SEs are sandwich/linearisation SEs through the design (strata, PSUs,
    fpc and any calibration), df = design df − 1 as R's ``svyglm``. Put all waves in one design
    (waves as strata when they are independent samples).
    """
    y, ok = estimators.indicator(design, col, value, na_rm)
    t, t_ok = estimators.numeric(design, wave, na_rm)
    m = ok & t_ok & (design.weights > 0)
    if np.unique(t[m]).size < 2:
        raise DesignError("a trend needs at least two distinct waves")
    w = design.weights * m
    # centred (see waves_trend): same slope, better conditioned than an intercept beside 2024
    x = np.column_stack([np.ones(design.n), t - float(np.sum(w * t) / np.sum(w))])
    df = design._structure.domain_df(m) - 1
    lin_beta, lin_inf = _linear(x, y, w)
    log_beta, log_inf = _logistic(x, y, w)
    vcov = design.vcov_of_totals(np.column_stack([lin_inf[:, 1], log_inf[:, 1]]))
    n = int(m.sum())
    out = []
    for k, (beta, name) in enumerate(((log_beta, "logit"), (lin_beta, "linear"))):
        se = float(np.sqrt(vcov[1 - k, 1 - k]))
        lo, hi = intervals.wald(float(beta[1]), se, df, conf_level)
        out.append(Estimate(float(beta[1]), se, lo, hi, df, float("nan"), n, method=name))
    definition = ("change per wave unit in the log-odds (logit_slope) and in the proportion "
                  "(linear_slope) of the indicator")
    return TrendResult(out[0], out[1], definition)


def _linear(x: FloatArray, y: FloatArray, w: FloatArray) -> tuple[FloatArray, FloatArray]:
    ainv = np.linalg.inv(x.T @ (x * w[:, None]))
    beta = ainv @ (x.T @ (w * y))
    return beta, (w * (y - x @ beta))[:, None] * x @ ainv


def _logistic(x: FloatArray, y: FloatArray, w: FloatArray, max_iter: int = 100
              ) -> tuple[FloatArray, FloatArray]:
    beta = np.zeros(x.shape[1])
    for _ in range(max_iter):
        mu = 1 / (1 + np.exp(-(x @ beta)))
        a = x.T @ (x * (w * mu * (1 - mu))[:, None])
        step = np.linalg.solve(a, x.T @ (w * (y - mu)))
        beta = beta + step
        if np.max(np.abs(step)) < 1e-12 * (1 + np.max(np.abs(beta))):
            mu = 1 / (1 + np.exp(-(x @ beta)))
            ainv = np.linalg.inv(x.T @ (x * (w * mu * (1 - mu))[:, None]))
            return beta, (w * (y - mu))[:, None] * x @ ainv
    raise ConvergenceError("logistic trend model did not converge (a proportion of 0 or 1 "
                           "in every wave?)", float(np.max(np.abs(step))), max_iter)


def waves_trend(waves: Sequence[tuple[float, SurveyDesign, FloatArray]],
                conf_level: float = 0.95) -> TrendResult:
    """Trend of a 0/1 indicator over independent waves, each with its own design.

    ``waves`` holds ``(wave value, design, y)`` with ``y`` the wave's 0/1 values (NaN = not in
    the denominator). The pooled logistic and linear models are fitted to all waves' rows with
    their final weights, as :func:`proportion_trend` on the stacked data; the variance is the
    sum over waves of each wave's design variance of its rows' influence values, so every
    wave's strata, fpc **and calibration** (post-stratification, raking, GREG residuals) are
    accounted for. For post-stratified waves this equals R's ``svyglm`` on the stacked design
    post-stratified on wave × cell. df = Σ wave df − 1.
    """
    if len({float(t) for t, _, _ in waves}) < 2:
        raise DesignError("a trend needs at least two distinct waves")
    ys, ws, ts, masks = [], [], [], []
    for t, design, y in waves:
        y = np.asarray(y, dtype=np.float64)
        if y.shape != (design.n,):
            raise DesignError("y must have one value per row of its wave's design")
        ok = ~np.isnan(y)
        if not np.isin(y[ok], (0.0, 1.0)).all():
            raise DesignError("the trend indicator must be 0/1 (NaN = not counted)")
        masks.append(ok & (design.weights > 0))
        ys.append(np.where(ok, y, 0.0))
        ws.append(design.weights * masks[-1])
        ts.append(np.full(design.n, float(t)))
    y_all, w_all = np.concatenate(ys), np.concatenate(ws)
    t_all = np.concatenate(ts)
    # centred wave values: same slope and slope influence, without the ill-conditioning of
    # an intercept next to values like 2024
    t_all -= float(np.sum(w_all * t_all) / np.sum(w_all))
    x = np.column_stack([np.ones(y_all.size), t_all])
    lin_beta, lin_inf = _linear(x, y_all, w_all)
    log_beta, log_inf = _logistic(x, y_all, w_all)
    influence = np.column_stack([lin_inf[:, 1], log_inf[:, 1]])
    vcov = np.zeros((2, 2))
    start = 0
    df = -1.0
    for (_, design, _), m in zip(waves, masks, strict=True):
        vcov += design.vcov_of_totals(influence[start:start + design.n])
        df += design._structure.domain_df(m)
        start += design.n
    n = int(sum(int(m.sum()) for m in masks))
    out = []
    for k, (beta, name) in enumerate(((log_beta, "logit"), (lin_beta, "linear"))):
        se = float(np.sqrt(vcov[1 - k, 1 - k]))
        lo, hi = intervals.wald(float(beta[1]), se, df, conf_level)
        out.append(Estimate(float(beta[1]), se, lo, hi, df, float("nan"), n, method=name))
    definition = ("change per wave unit in the log-odds (logit_slope) and in the proportion "
                  "(linear_slope) of the indicator; variance per wave, calibration included")
    return TrendResult(out[0], out[1], definition)
