"""R ``svyciprop(method="likelihood")``: profile-likelihood interval of a proportion.

R fits ``svyglm(y ~ 1, family = quasibinomial)`` and calls ``confint(method = "likelihood")``,
i.e. ``survey:::MASSprofile_glm`` and ``survey:::confint_profile``. For the intercept-only model
every step has a closed form, reproduced here step by step:

* the profile is evaluated on the grid ``b_k = logit(p) ± k · δ · se`` (``k = 1, …, 9`` while
  ``|z| < zmax``) with ``se`` the design SE of ``logit(p)``, ``zmax = √F_{1, N-1}(1 - α*)``,
  ``δ = zmax / 5``, ``α* = Φ(t_{df, α/2} √λ) / 2`` and ``λ`` the design effect of the logit
  (design variance over the glm's model-based variance ``1 / (S p (1-p))``);
* ``z_k = ±√(ΔD(b_k) / φ)``: ``ΔD`` the binomial deviance difference with the glm's prior
  weights (sampling weights scaled to mean 1 over the design's rows, total ``S``), ``φ`` R's
  dispersion ``svyvar`` of the Pearson residuals = ``n⁺ / (n⁺ - 1)`` at the fit;
* R's ``spline()`` (Forsythe–Malcolm–Moler cubic, ``3 ·`` grid length equally spaced points)
  through ``(b_k, z_k)``, inverted by linear interpolation (``approx``) at ``z = ±t √λ``.

The interval is therefore R's *spline approximation* of the profile interval, not the exact
root of the profile; reproducing the same grid and spline gives R's numbers to rounding.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import special, stats

from analysis._typing import FloatArray

MAX_STEPS = 10  # MASSprofile_glm's maxsteps: at most 9 grid points on each side
EPS = float(np.finfo(float).eps)


def _linkinv(eta: float) -> float:
    """R ``binomial()$linkinv`` (C ``logit_linkinv``): ``x / (1 + x)`` with ``x = exp(eta)``,
    and ``x`` = ε resp. 1/ε beyond ``|eta| > 30``."""
    x = EPS if eta < -30.0 else (1.0 / EPS if eta > 30.0 else math.exp(eta))
    return x / (1.0 + x)


@dataclass(frozen=True)
class ProfileSample:
    """The data of the glm behind the profile.

    ``y`` (0/1) and ``w``: the respondents with positive weight, ``w`` the glm's prior weights
    (sampling weights divided by their mean over R's ``nrow(design)``); ``rows``: rows of the
    model frame (``NROW(Y)``, which also counts zero-weight rows R keeps in a calibrated domain).
    """

    y: FloatArray
    w: FloatArray
    rows: int


@dataclass(frozen=True)
class GlmFit:
    """What R's IRLS leaves behind: final coefficient and deviance, and the working weights of
    its last iteration (computed from the *previous* iterate's mean, as in ``glm.fit``)."""

    coef: float
    deviance: float
    working_total: float
    mu: float


def _deviance(y: FloatArray, w: FloatArray, mu: FloatArray | float) -> float:
    """Binomial deviance for 0/1 ``y`` with prior weights ``w``."""
    return float(-2.0 * np.sum(w * np.where(y > 0, np.log(mu), np.log1p(-mu))))


def irls(y: FloatArray, w: FloatArray, epsilon: float = 1e-8, maxit: int = 25) -> GlmFit:
    """R ``glm.fit`` for ``y ~ 1``, binomial/logit, default ``glm.control()``, step by step.

    Reproduced rather than solved exactly because R's profile uses the model-based variance
    from the last iteration's working weights, which lag the converged mean.
    """
    mu: FloatArray | float = (w * y + 0.5) / (w + 1.0)
    eta: FloatArray | float = np.log(mu / (1.0 - mu))
    devold = _deviance(y, w, mu)
    coef, dev, wsum = 0.0, devold, 0.0
    for _ in range(maxit):
        varmu = mu * (1.0 - mu)
        z = eta + (y - mu) / varmu
        wts = w * varmu
        wsum = float(np.sum(wts))
        coef = float(np.sum(wts * z)) / wsum
        eta = coef
        mu = _linkinv(coef)
        dev = _deviance(y, w, mu)
        if abs(dev - devold) / (abs(dev) + 0.1) < epsilon:
            break
        devold = dev
    return GlmFit(coef, dev, wsum, float(mu))


def fmm_spline(x: FloatArray, y: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Coefficients ``b, c, d`` of R's ``spline(method = "fmm")`` (R ``splines.c``)."""
    n = x.size
    b, c, d = np.zeros(n), np.zeros(n), np.zeros(n)
    if n < 3:
        b[:] = (y[1] - y[0]) / (x[1] - x[0])
        return b, c, d
    d[0] = x[1] - x[0]
    c[1] = (y[1] - y[0]) / d[0]
    for i in range(1, n - 1):
        d[i] = x[i + 1] - x[i]
        b[i] = 2.0 * (d[i - 1] + d[i])
        c[i + 1] = (y[i + 1] - y[i]) / d[i]
        c[i] = c[i + 1] - c[i]
    b[0], b[n - 1] = -d[0], -d[n - 2]
    c[0] = c[n - 1] = 0.0
    if n > 3:
        c[0] = c[2] / (x[3] - x[1]) - c[1] / (x[2] - x[0])
        c[n - 1] = c[n - 2] / (x[n - 1] - x[n - 3]) - c[n - 3] / (x[n - 2] - x[n - 4])
        c[0] = c[0] * d[0] * d[0] / (x[3] - x[0])
        c[n - 1] = -c[n - 1] * d[n - 2] * d[n - 2] / (x[n - 1] - x[n - 4])
    for i in range(1, n):
        t = d[i - 1] / b[i - 1]
        b[i] -= t * d[i - 1]
        c[i] -= t * c[i - 1]
    c[n - 1] /= b[n - 1]
    for i in range(n - 2, -1, -1):
        c[i] = (c[i] - d[i] * c[i + 1]) / b[i]
    b[n - 1] = (y[n - 1] - y[n - 2]) / d[n - 2] + d[n - 2] * (c[n - 2] + 2.0 * c[n - 1])
    for i in range(n - 1):
        b[i] = (y[i + 1] - y[i]) / d[i] - d[i] * (c[i + 1] + 2.0 * c[i])
        d[i] = (c[i + 1] - c[i]) / d[i]
        c[i] = 3.0 * c[i]
    c[n - 1] *= 3.0
    d[n - 1] = d[n - 2]
    return b, c, d


def r_spline(x: FloatArray, y: FloatArray) -> tuple[FloatArray, FloatArray]:
    """R ``spline(x, y)``: the fmm spline at ``3 · length(x)`` equally spaced points."""
    order = np.argsort(x, kind="stable")
    x, y = x[order], y[order]
    b, c, d = fmm_spline(x, y)
    u = np.linspace(x[0], x[-1], 3 * x.size)
    i = np.clip(np.searchsorted(x, u, side="right") - 1, 0, x.size - 1)
    dx = u - x[i]
    return u, y[i] + dx * (b[i] + dx * (c[i] + dx * d[i]))


def likelihood_interval(p: float, se: float, df: float, sample: ProfileSample,
                        level: float) -> tuple[float, float]:
    """R ``svyciprop(method = "likelihood")`` interval for ``0 < p < 1`` (see module doc).

    ``se`` is the design SE of ``p``; NaN ends where R's ``approx`` gives NA (the spline does
    not reach the cutoff), when df ≤ 0 or SE = 0, or with fewer than two respondents.
    """
    nan = (float("nan"), float("nan"))
    y, w = sample.y, sample.w
    if (not 0.0 < p < 1.0 or np.isnan(df) or df <= 0 or not np.isfinite(se) or se <= 0
            or y.size < 2 or sample.rows < 2):
        return nan
    fit = irls(y, w)
    se_logit = se / (p * (1.0 - p))
    lam = se_logit**2 * fit.working_total
    t = (stats.norm.ppf((1 - level) / 2) if not np.isfinite(df)
         else stats.t.ppf((1 - level) / 2, df))
    alpha = float(stats.norm.cdf(t * math.sqrt(lam))) / 2.0
    # √F_{1,ν}(1 - α) = t_ν(1 - α/2); scipy's f.isf loses digits for tiny α, its t.isf not
    zmax = float(stats.t.isf(alpha / 2, sample.rows - 1))
    step = zmax / 5.0 * se_logit
    resid = (y - fit.mu) / math.sqrt(fit.mu * (1.0 - fit.mu))
    centred = resid - np.sum(w * resid) / np.sum(w)
    disp = float(np.sum(w * centred**2) / np.sum(w)) * y.size / (y.size - 1.0)
    bs, zs = [fit.coef], [0.0]
    for sgn in (-1.0, 1.0):
        k, z = 0, 0.0
        while (k := k + 1) < MAX_STEPS and abs(z) < zmax:
            b = fit.coef + sgn * k * step
            dev = _deviance(y, w, _linkinv(b)) - fit.deviance
            z = sgn * math.sqrt(max(dev / disp, 0.0))
            bs.append(b)
            zs.append(z)
    sx, sy = r_spline(np.array(bs), np.array(zs))
    cut = float(stats.norm.ppf(2 * alpha))
    order = np.argsort(sy, kind="stable")
    ends = []
    for c in (cut, -cut):
        inside = sy[order[0]] <= c <= sy[order[-1]]
        ends.append(float(np.interp(c, sy[order], sx[order])) if inside else float("nan"))
    return float(special.expit(ends[0])), float(special.expit(ends[1]))
