"""Calibration (GREG) with linear, raking or logit distance (R ``calibrate``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeAlias

import numpy as np
import pandas as pd

from analysis._linearise import CalibrationStep
from analysis._typing import FloatArray, weighted_bincount
from analysis.errors import ConvergenceError, WeightingError
from analysis.weighting._targets import align, as_mapping, category_codes

if TYPE_CHECKING:
    from analysis.design import SurveyDesign

# g(u) and its derivative g'(u) for linear predictors u
Calfun: TypeAlias = Callable[[FloatArray], tuple[FloatArray, FloatArray]]


def calibrate(design: SurveyDesign, totals: Mapping[str, Any], method: str = "linear",
              bounds: tuple[float, float] | None = None, *,
              population_size: float | None = None, tol: float = 1e-10,
              max_iter: int = 50) -> SurveyDesign:
    """Calibrate weights ``w_i g_i`` so that ``Σ w_i g_i x_i`` equals the population totals.

    ``totals`` maps a column to either a number (a continuous auxiliary: its population total)
    or ``{category: count}`` (a categorical auxiliary: one dummy per category).
    ``population_size`` adds an intercept (needed when no categorical auxiliary is given).
    ``g_i = F(x_i' λ)`` with ``method`` ``"linear"`` (GREG, ``F(u) = 1 + u``), ``"raking"``
    (``exp(u)``) or ``"logit"`` (bounded; needs ``bounds``); ``bounds=(L, U)`` limits ``g`` (the
    ratio of new to old weights) as in R. Solved by Newton's method as R ``grake``; converged
    when ``max |misfit| / (1 + |total|) < tol``.

    Raises :class:`~analysis.errors.WeightingError` for inconsistent categorical totals,
    unknown/empty categories or missing auxiliary values, and
    :class:`~analysis.errors.ConvergenceError` (with ``achieved_error``) when the totals cannot be
    met (e.g. bounds too tight).
    """
    x, target = _model(design, totals, population_size)
    calfun = _calfun(method, bounds)
    w = design.weights
    eta = np.zeros(x.shape[1])
    achieved = np.inf
    for _ in range(max_iter):
        g, dg = calfun(x @ eta)
        misfit = target - x.T @ (w * g)
        achieved = float(np.max(np.abs(misfit) / (1 + np.abs(target))))
        if achieved < tol:
            step = CalibrationStep(cell=np.arange(design.n), xc=x, w_before=w, w_after=w * g)
            return design._derive(w * g, step)
        tmat = x.T @ (x * (w * dg)[:, None])
        delta = np.linalg.pinv(tmat, rcond=256 * np.finfo(float).eps, hermitian=True) @ misfit
        eta = _damped_step(calfun, x, w, target, eta, delta, float(np.max(np.abs(misfit))))
    raise ConvergenceError(f"calibration ({method}) did not converge in {max_iter} iterations: "
                           f"largest relative misfit {achieved:.3g} > tol {tol:g}"
                           + (f" (bounds {bounds} may be too tight)" if bounds else ""),
                           achieved, max_iter)


def _damped_step(calfun: Calfun, x: FloatArray, w: FloatArray, target: FloatArray,
                 eta: FloatArray, delta: FloatArray, misfit: float) -> FloatArray:
    """Newton step, halved until the weights are finite and the misfit does not grow.

    R's ``grake`` halves only for non-finite weights; the damping changes nothing where R
    converges (same fixed point) but keeps exponential (raking) steps from overshooting.
    """
    for _ in range(60):
        trial = eta + delta
        g, dg = calfun(x @ trial)
        finite = np.all(np.isfinite(g)) and np.all(np.isfinite(dg))
        if finite and float(np.max(np.abs(target - x.T @ (w * g)))) <= misfit:
            return trial
        delta = delta / 2
    return eta + delta


def _model(design: SurveyDesign, totals: Mapping[str, Any], population_size: float | None
           ) -> tuple[FloatArray, FloatArray]:
    if not totals:
        raise WeightingError("calibrate() needs at least one auxiliary total")
    columns, target, sizes = [], [], []
    if population_size is not None:
        columns.append(np.ones(design.n))
        target.append(float(population_size))
        sizes.append(("population_size", float(population_size)))
    for name, spec in totals.items():
        if isinstance(spec, Mapping | pd.Series | pd.DataFrame):
            codes, cats = category_codes(design, name)
            cat_w = weighted_bincount(codes, weights=design.weights, minlength=len(cats))
            cat_totals = align(name, cats, cat_w, as_mapping(spec, name))
            columns.extend((codes == j).astype(np.float64) for j in range(len(cats)))
            target.extend(cat_totals)
            sizes.append((name, float(cat_totals.sum())))
        else:
            if name not in design.data.columns:
                raise WeightingError(f"auxiliary {name!r} is not a column of the data")
            values = pd.to_numeric(design.data[name], errors="coerce")
            if values.isna().any():
                raise WeightingError(f"auxiliary {name!r} has missing or non-numeric values")
            columns.append(values.to_numpy(dtype=np.float64))
            target.append(float(spec))
    if not sizes:
        raise WeightingError("calibrate() needs population_size= (an intercept) or a "
                             "categorical auxiliary; otherwise the weight total is free")
    first = sizes[0][1]
    if any(abs(s - first) > 1e-9 * abs(first) for _, s in sizes):
        detail = ", ".join(f"{n}: {s:.10g}" for n, s in sizes)
        raise WeightingError(f"margins whose totals disagree cannot all be met ({detail})")
    return np.column_stack(columns), np.asarray(target, dtype=np.float64)


def _calfun(method: str, bounds: tuple[float, float] | None) -> Calfun:
    low, high = (-np.inf, np.inf) if bounds is None else map(float, bounds)
    if not low < 1 < high:
        raise WeightingError(f"bounds {bounds} must satisfy lower < 1 < upper")
    if method == "linear":
        def linear(u: FloatArray) -> tuple[FloatArray, FloatArray]:
            g = 1 + u
            return np.clip(g, low, high), ((g > low) & (g < high)).astype(np.float64)
        return linear
    if method == "raking":
        def raking(u: FloatArray) -> tuple[FloatArray, FloatArray]:
            with np.errstate(over="ignore"):
                g = np.exp(u)
            inside = (g > low) & (g < high)
            return np.clip(g, low, high), np.where(inside, g, 0.0)
        return raking
    if method == "logit":
        if not (np.isfinite(low) and np.isfinite(high)):
            raise WeightingError("logit calibration requires finite bounds=(lower, upper)")
        a = (high - low) / ((high - 1) * (1 - low))

        def logit(u: FloatArray) -> tuple[FloatArray, FloatArray]:
            with np.errstate(over="ignore", invalid="ignore"):
                e = np.exp(np.clip(a * u, -700, 700))
                den = high - 1 + (1 - low) * e
                g = (low * (high - 1) + high * (1 - low) * e) / den
                dg = (high - low) * (1 - low) * (high - 1) * a * e / den**2
            return g, dg
        return logit
    raise WeightingError(f"unknown calibration method {method!r}: use 'linear', 'raking' or "
                         "'logit'")
