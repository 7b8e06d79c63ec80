"""Distribution of a linear combination of χ² variables (R ``survey::pFsum``).

``Q = Σ_j a_j χ²_{1}`` divided by an independent ``χ²_ν / ν`` is the asymptotic distribution of
Pearson's X² under a complex design (``a_j``: eigenvalues of the design-effect matrix).
``P(Q / (χ²_ν/ν) > x) = P(Σ a_j χ²_1 − (x/ν) χ²_ν > 0)``, which is evaluated

* exactly by Imhof's (1961) inversion of the characteristic function (``method="integration"``;
  R uses Davies' algorithm from CompQuadForm for the same quantity), or
* by the Lugannani–Rice saddlepoint approximation exactly as R's ``survey:::saddle``
  (``method="saddlepoint"``; R repeats the ``−x/ν`` term ``floor(ν)`` times as ``rep`` does).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy import integrate, optimize, stats

from analysis._typing import FloatArray


def _imhof_sf(weights: FloatArray, dfs: FloatArray) -> float:
    """``P(Σ w_j χ²_{h_j} > 0)`` by Imhof's integral."""

    pairs = [(float(a), float(h)) for a, h in zip(weights, dfs, strict=True)]

    def integrand(u: float) -> float:  # plain floats: a few terms, called thousands of times
        theta = 0.5 * sum(h * math.atan(a * u) for a, h in pairs)
        log_rho = 0.25 * sum(h * math.log1p((a * u) ** 2) for a, h in pairs)
        return math.sin(theta) * math.exp(-log_rho) / u

    value, _err = integrate.quad(integrand, 0.0, np.inf, limit=1000, epsabs=1e-13,
                                 epsrel=1e-11)
    return float(min(max(0.5 + value / math.pi, 0.0), 1.0))


def saddle_sf(x: float, lam: FloatArray) -> float:
    """R ``survey:::saddle(x, lambda)``: Lugannani–Rice ``P(Σ λ_j χ²_1 > x)``; NaN where R
    gives NA (saddlepoint too close to 0)."""
    d = float(np.max(lam))
    lam = lam / d
    x = x / d

    def k0(z: float) -> float:
        return float(-np.sum(np.log(1 - 2 * z * lam)) / 2)

    def k1(z: float) -> float:
        return float(np.sum(lam / (1 - 2 * z * lam)))

    def k2(z: float) -> float:
        return float(2 * np.sum(lam**2 / (1 - 2 * z * lam) ** 2))

    if np.any(lam < 0):
        lmin = float(np.max(1 / (2 * lam[lam < 0]))) * 0.99999
    elif x > np.sum(lam):
        lmin = -0.01
    else:
        lmin = -lam.size / (2 * x)
    lmax = float(np.min(1 / (2 * lam[lam > 0]))) * 0.99999
    z = optimize.brentq(lambda s: k1(s) - x, lmin, lmax, xtol=1e-15, rtol=1e-15)
    w = math.copysign(math.sqrt(2 * (z * x - k0(z))), z)
    v = z * math.sqrt(k2(z))
    if abs(z) < 1e-4:
        return float("nan")
    return float(stats.norm.sf(w + math.log(v / w) / w))


def pfsum_sf(x: float, a: Sequence[float] | FloatArray, ddf: float = math.inf,
             method: str = "integration") -> float:
    """Upper tail ``P(Σ a_j χ²_1 / (χ²_ddf/ddf) > x)`` (R ``pFsum(..., lower.tail=FALSE)``)."""
    a = np.asarray(a, dtype=np.float64)
    if method == "integration":
        if math.isinf(ddf):
            return _imhof_sf_shift(a, x)
        return _imhof_sf(np.append(a, -x / ddf), np.append(np.ones(a.size), ddf))
    if method == "saddlepoint":
        tr = float(np.mean(a))
        tr2 = float(np.mean(a**2)) / tr**2
        ndf = a.size / tr2
        fallback = (float(stats.chi2.sf(x / (tr * tr2), ndf)) if math.isinf(ddf)
                    else float(stats.f.sf(x / ndf / (tr * tr2), ndf, ddf)))
        if math.isinf(ddf):
            s = saddle_sf(x, a)
        else:
            lam = np.concatenate([a, np.full(int(math.floor(ddf)), -x / ddf)])
            s = saddle_sf(0.0, lam)
        return fallback if math.isnan(s) else s
    raise ValueError(f"unknown method {method!r}: use 'integration' or 'saddlepoint'")


def _imhof_sf_shift(a: FloatArray, x: float) -> float:
    """``P(Σ a_j χ²_1 > x)`` by Imhof's integral with the constant ``x``."""

    terms = [float(v) for v in a]

    def integrand(u: float) -> float:
        theta = 0.5 * sum(math.atan(v * u) for v in terms) - 0.5 * x * u
        log_rho = 0.25 * sum(math.log1p((v * u) ** 2) for v in terms)
        return math.sin(theta) * math.exp(-log_rho) / u

    value, _err = integrate.quad(integrand, 0.0, np.inf, limit=1000, epsabs=1e-13,
                                 epsrel=1e-11)
    return float(min(max(0.5 + value / math.pi, 0.0), 1.0))
