"""Getis–Ord Gi* on a regular grid with conditional permutation inference.

Statistic (Getis & Ord 1992, *Geographical Analysis* 24(3); Ord & Getis 1995, *Geographical
Analysis* 27(4), eq. 14), with binary weights ``w_ij = 1`` for the cells ``j`` of the
``(2r+1) × (2r+1)`` block around cell ``i`` (queen contiguity up to order ``r``, the cell
itself included; cells beyond the border do not exist):

    z_i = (Σ_j w_ij x_j − x̄ W_i) / (s √((n W_i − W_i²) / (n − 1))),   W_i = Σ_j w_ij,

with ``x̄`` and ``s² = Σ x_j² / n − x̄²`` over all ``n`` cells. ``z_i`` is the standardised
Gi*, the same as PySAL ``esda.G_Local(..., star=True, transform="B").Zs``.

Inference by conditional randomisation (Anselin 1995, *Geographical Analysis* 27(2), §4): for
cell ``i`` its own value stays, the other ``n − 1`` values are permuted over the other cells.
Only the ``W_i − 1`` values that land on its neighbours matter, a uniformly random subset of
the others, and ``z_i`` increases with their sum, so the pseudo p-value of a *hot* spot
(one-sided, high values) is ``(1 + #{simulated sum ≥ observed sum}) / (P + 1)`` for ``P``
permutations (Davison & Hinkley 1997, eq. 4.11: valid for any ``P``). Cells with the same
own value and the same number of neighbours have the same reference distribution, so one
simulated set serves them all (PySAL's ``esda`` likewise reuses one set of random draws for
every cell); a cell whose neighbours hold nothing has ``p = 1`` without simulation.
As the cell's own value is held fixed, the test asks whether its *neighbours* hold more than
chance would put there: places piled in one single cell, with nothing around, are not a
cluster in this sense. (Its neighbours' p-values stay at about ``W_i / n`` or above, the
chance that the pile's value lands among them; the Benjamini–Hochberg threshold at rank
``k`` is ``0.05 k / n``, so unless some 20 W_i other cells are significant too, a stack of
points at one spot does not make a cluster by itself.)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analysis._typing import FloatArray, IntArray


@dataclass(frozen=True)
class GiStar:
    """Gi* of every cell (shape of the input grid): ``z`` (NaN where undefined: all cells
    equal, or a block covering the whole grid) and the one-sided pseudo p-value ``p``."""

    z: FloatArray
    p: FloatArray
    permutations: int
    radius: int
    seed: int


def window_sum(values: FloatArray | IntArray, radius: int) -> FloatArray:
    """Sum over the ``(2r+1) × (2r+1)`` block around each cell (the cell included, nothing
    outside the grid), by two-dimensional cumulative sums."""
    width = 2 * radius + 1
    padded = np.pad(np.asarray(values, dtype=np.float64), radius)
    summed = np.zeros((padded.shape[0] + 1, padded.shape[1] + 1), dtype=np.float64)
    summed[1:, 1:] = padded.cumsum(axis=0).cumsum(axis=1)
    return np.asarray(summed[width:, width:] - summed[:-width, width:]
                      - summed[width:, :-width] + summed[:-width, :-width])


def gi_star_z(values: FloatArray | IntArray, radius: int = 1) -> FloatArray:
    """The standardised Gi* of every cell (see the module docstring)."""
    x = np.asarray(values, dtype=np.float64)
    n = x.size
    weight = window_sum(np.ones_like(x), radius)
    local = window_sum(x, radius)
    mean = float(x.mean())
    spread = float(np.sqrt(max(float((x**2).mean()) - mean**2, 0.0)))
    denominator = spread * np.sqrt((n * weight - weight**2) / max(n - 1, 1))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (local - mean * weight) / denominator
    return np.asarray(np.where(denominator > 0, z, np.nan))


def random_subsets(rng: np.random.Generator, n: int, k: int, rows: int) -> IntArray:
    """``rows`` uniformly random ``k``-subsets of ``range(n)`` (one per row), by Floyd's
    algorithm (Bentley & Floyd 1987, *CACM* 30(9)) run on all rows at once."""
    if not 0 <= k <= n:
        raise ValueError(f"cannot choose {k} of {n}")
    chosen = np.empty((rows, k), dtype=np.intp)
    for column, j in enumerate(range(n - k, n)):
        pick = rng.integers(0, j + 1, size=rows)
        if column:
            pick = np.where((chosen[:, :column] == pick[:, None]).any(axis=1), j, pick)
        chosen[:, column] = pick
    return chosen


class _Reference:
    """Simulated neighbour sums for one number of neighbours, for every held-out value.

    ``draws`` index the others: ``ordered`` (sorted values) without the copy at ``skip``,
    i.e. index ``j`` means ``ordered[j]`` below ``skip`` and ``ordered[j + 1]`` from it on.
    Because ``ordered`` is sorted, the two differ only where the value steps up, so a draw's
    sum is its sum for ``skip = n − 1`` plus the steps ``ordered[j + 1] − ordered[j]`` of its
    indices ``j ≥ skip``; only the few draws with such a step are recomputed per ``skip``."""

    def __init__(self, ordered: FloatArray, draws: IntArray) -> None:
        steps = np.diff(ordered)
        self.base = ordered[draws].sum(axis=1)
        self.sorted_base = np.sort(self.base)
        rows, columns = np.nonzero(steps[draws] > 0)
        self.rows, self.index = rows, draws[rows, columns]
        self.step = steps[self.index]

    def at_least(self, skip: int, observed: FloatArray) -> IntArray:
        """How many simulated sums (``skip`` held out) reach each ``observed`` sum."""
        target = observed - 1e-9 * (1 + np.abs(observed))
        count = self.base.size - np.searchsorted(self.sorted_base, target, side="left")
        moved = self.index >= skip
        if moved.any():
            rows, where = np.unique(self.rows[moved], return_inverse=True)
            old = np.sort(self.base[rows])
            new = np.sort(self.base[rows] + np.bincount(where, weights=self.step[moved]))
            count = (count + np.searchsorted(old, target, side="left")
                     - np.searchsorted(new, target, side="left"))
        return np.asarray(count, dtype=np.intp)


def gi_star(values: FloatArray | IntArray, radius: int = 1, permutations: int = 999,
            seed: int = 0) -> GiStar:
    """Gi* z-values and conditional-permutation pseudo p-values (hot spots, one-sided) with
    ``permutations`` draws from ``numpy.random.default_rng(seed)``."""
    if permutations < 1:
        raise ValueError(f"permutations must be at least 1, got {permutations!r}")
    if radius < 1:
        raise ValueError(f"radius must be at least 1, got {radius!r}")
    x = np.asarray(values, dtype=np.float64)
    z = gi_star_z(x, radius)
    flat = x.ravel()
    neighbours = (window_sum(np.ones_like(x), radius) - 1).ravel().astype(np.intp)
    observed = (window_sum(x, radius) - x).ravel()
    p = np.ones(flat.size, dtype=np.float64)
    ordered = np.sort(flat)
    rng = np.random.default_rng(seed)
    tested = (observed > 0) & ~np.isnan(z.ravel())
    for k in np.unique(neighbours[tested]):
        reference = _Reference(ordered, random_subsets(rng, flat.size - 1, int(k), permutations))
        in_class = tested & (neighbours == k)
        for own in np.unique(flat[in_class]):
            cells = in_class & (flat == own)
            at_least = reference.at_least(int(np.searchsorted(ordered, own, side="left")),
                                          observed[cells])
            p[cells] = (1 + at_least) / (permutations + 1)
    return GiStar(z=z, p=p.reshape(x.shape), permutations=permutations, radius=radius,
                  seed=seed)
