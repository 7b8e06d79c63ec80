"""A Gaussian kernel density surface of points in projected metres.

Bandwidth: the normal-reference rule for a bivariate Gaussian kernel, ``h = σ n^(-1/6)``
(Silverman 1986, *Density Estimation for Statistics and Data Analysis*, eq. 4.14 with
``A(K) = {4/(d+2)}^{1/(d+4)} = 1`` for ``d = 2``; the same as Scott's rule, Scott 1992,
*Multivariate Density Estimation*, §6.3.1), with one isotropic ``σ``: the root mean of the two
coordinate variances (``ddof = 1``), so that distances count the same in every direction.
"""

from __future__ import annotations

import math

import numpy as np

from analysis._typing import FloatArray
from analysis.hotspots.grid import Grid

BANDWIDTH_RULE = "silverman"
_CHUNK = 4096  # points per block of the separable sum (bounds the memory used)


def silverman_bandwidth(x: FloatArray, y: FloatArray) -> float | None:
    """``σ n^(-1/6)`` in the units of ``x``/``y``; None with fewer than two distinct points."""
    n = np.size(x)
    if n < 2:
        return None
    sigma = math.sqrt((float(np.var(x, ddof=1)) + float(np.var(y, ddof=1))) / 2)
    if sigma == 0:
        return None
    return sigma * math.pow(n, -1 / 6)


def kernel_density(x: FloatArray, y: FloatArray, grid: Grid, bandwidth: float) -> FloatArray:
    """The density at every cell centre, shape ``(ny, nx)``, in points per square metre:
    ``f(c) = (1 / (2π h² n)) Σ_i exp(−|c − p_i|² / (2h²))``.

    The Gaussian kernel factorises over the axes, so the sum is computed exactly as a matrix
    product of the per-axis kernels (no binning)."""
    if not bandwidth > 0:
        raise ValueError(f"bandwidth must be positive, got {bandwidth!r}")
    xs, ys = grid.centres()
    px, py = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    total = np.zeros((grid.ny, grid.nx), dtype=np.float64)
    for start in range(0, px.size, _CHUNK):
        kx = np.exp(-((xs[:, None] - px[None, start:start + _CHUNK]) ** 2) / (2 * bandwidth**2))
        ky = np.exp(-((ys[:, None] - py[None, start:start + _CHUNK]) ** 2) / (2 * bandwidth**2))
        total += ky @ kx.T
    if px.size:
        total /= 2 * math.pi * bandwidth**2 * px.size
    return total
