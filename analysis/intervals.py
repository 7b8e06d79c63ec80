"""Confidence intervals.

Means and totals use ``estimate ± t_{df, 1-α/2} · se`` with the design degrees of freedom, i.e.
R's ``confint(svymean(...), df = degf(design))`` (R's default without ``df`` is normal; we follow
the ``degf`` variant). Proportions follow R's ``svyciprop``: ``logit`` (Wald interval on the
logit scale with ``df = degf``) and ``beta`` (Korn & Graubard 1998).
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
from scipy import stats

NAN_INTERVAL = (float("nan"), float("nan"))


def _t(level: float, df: float) -> float:
    """Two-sided t quantile; normal for ``df = inf``, NaN for ``df`` ≤ 0 or NaN."""
    if np.isnan(df) or df <= 0:
        return float("nan")
    return _quantile(float(level), float(df))


@lru_cache(maxsize=4096)
def _quantile(level: float, df: float) -> float:
    """:func:`_t` for a positive ``df``, memoised: a table of 50 areas × 100 measures asks for
    a few distinct df thousands of times, and each scipy ``ppf`` call costs ~0.1 ms."""
    q = 0.5 + level / 2.0
    if not np.isfinite(df):
        return float(stats.norm.ppf(q))
    return float(stats.t.ppf(q, df))


def undefined(se: float, df: float) -> bool:
    """Whether no interval can be given: df ≤ 0 (or NaN) or SE not positive and finite."""
    return bool(np.isnan(df) or df <= 0 or not np.isfinite(se) or se <= 0)


def wald(estimate: float, se: float, df: float, level: float) -> tuple[float, float]:
    """Symmetric t interval (normal for infinite ``df``); NaN when :func:`undefined`."""
    if undefined(se, df):
        return NAN_INTERVAL
    half = _t(level, df) * se
    return estimate - half, estimate + half


def logit_interval(p: float, se: float, df: float, level: float) -> tuple[float, float]:
    """R ``svyciprop(method="logit")``: Wald interval for logit(p), transformed back.

    The SE of logit(p) is ``se / (p (1 - p))`` (exact for the intercept-only design-based
    logistic regression R fits). At ``p`` = 0 or 1 the logit is infinite; the interval is then
    the Korn–Graubard one with the actual sample size (see :func:`beta_interval`).
    """
    if p <= 0.0 or p >= 1.0:
        raise ValueError("logit interval undefined at p = 0 or 1")
    if undefined(se, df):
        return NAN_INTERVAL
    half = _t(level, df) * se / (p * (1.0 - p))
    lg = math.log(p / (1.0 - p))
    return 1.0 / (1.0 + math.exp(-(lg - half))), 1.0 / (1.0 + math.exp(-(lg + half)))


def asin_interval(p: float, se: float, df: float, level: float) -> tuple[float, float]:
    """R ``svyciprop(method="asin")``: t interval for ``asin(√p)`` (delta-method SE
    ``se / (2 √(p (1-p)))``) mapped back with ``sin²``; NaN when undefined or p is 0 or 1."""
    if p <= 0.0 or p >= 1.0 or undefined(se, df):
        return NAN_INTERVAL
    half = _t(level, df) * se / (2.0 * math.sqrt(p * (1.0 - p)))
    centre = math.asin(math.sqrt(p))
    return math.sin(centre - half) ** 2, math.sin(centre + half) ** 2


def beta_interval(p: float, se: float, df: float, n: int, level: float) -> tuple[float, float]:
    """Korn & Graubard (1998) interval, as R ``svyciprop(method="beta")``.

    Effective sample size ``n* = p (1 - p) / se^2 · (t_{n-1} / t_{df})^2`` where ``n`` is R's
    ``nrow(design)``: the rows of the domain for an uncalibrated design, but *all* rows of a
    calibrated (post-stratified, raked, calibrated) design, because R's ``subset()`` of a
    calibrated design keeps every row with zero weight. Interval
    ``[qbeta(α/2, n* p, n* (1-p) + 1), qbeta(1-α/2, n* p + 1, n* (1-p))]``.

    Undefined (NaN) when ``df`` ≤ 0, or when ``0 < p < 1`` and SE = 0. At ``p`` = 0 or 1 the
    variance is 0 and ``n*`` undefined (R returns NaN); Korn & Graubard then use the actual
    sample size, which gives the Clopper–Pearson interval ``[0, 1-(α/2)^{1/n}]`` at ``p = 0``.
    """
    alpha = 1.0 - level
    if np.isnan(df) or df <= 0:
        return NAN_INTERVAL
    if p <= 0.0 or p >= 1.0:
        n_eff = float(n)
    elif not np.isfinite(se) or se <= 0.0:
        return NAN_INTERVAL
    else:
        n_eff = p * (1.0 - p) / se**2
        if n > 1:
            n_eff *= (stats.t.ppf(alpha / 2, n - 1) / stats.t.ppf(alpha / 2, df)) ** 2
    x = n_eff * p
    low = 0.0 if x <= 0 else float(stats.beta.ppf(alpha / 2, x, n_eff - x + 1))
    high = 1.0 if n_eff - x <= 0 else float(stats.beta.ppf(1 - alpha / 2, x + 1, n_eff - x))
    return low, high
