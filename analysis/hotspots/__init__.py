"""Hot spots of places (pins, survey places): a kernel density surface and Getis–Ord Gi*
clusters on a regular grid, with permutation p-values and a false-discovery-rate correction.

Only points with a position of their own are used: points known only at area level (placed
"by area only", drawn at the area's interior point) would pile up at one spot and make a
false cluster, so they are left out of the point statistics and counted per area instead.

    result = hot_spots(x, y, area_only=mask, areas=codes)   # x, y in projected metres
    result.clusters          # only the significant ones, strongest first

Method (see :mod:`analysis.hotspots.getis_ord`, :mod:`analysis.hotspots.density` and
:mod:`analysis.fdr`): points counted in square cells of ``cell`` metres (200 m by default,
about a city block, the scale at which a place is described and acted on); Gi* with the
3 × 3 block of cells (``radius`` 1); one-sided conditional-permutation p-values; Benjamini–
Hochberg at false discovery rate ``fdr`` over every cell of the grid; significant cells that
touch (8-neighbourhood) form one cluster. The number of permutations is at least 999 and
large enough that a single cell can be significant after the correction (``P + 1 ≥ m / q``
for ``m`` cells, :func:`permutations_for`): with fewer, the smallest possible pseudo p-value
``1 / (P + 1)`` exceeds every Benjamini–Hochberg threshold and nothing could ever be found.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import ndimage

from analysis._typing import BoolArray, FloatArray, IntArray
from analysis.fdr import benjamini_hochberg
from analysis.hotspots.density import BANDWIDTH_RULE, kernel_density, silverman_bandwidth
from analysis.hotspots.getis_ord import GiStar, gi_star, gi_star_z
from analysis.hotspots.grid import Grid, LocalProjection

__all__ = ["BANDWIDTH_RULE", "Cluster", "GiStar", "Grid", "HotSpots", "LocalProjection",
           "gi_star", "gi_star_z", "hot_spots", "kernel_density", "permutations_for",
           "silverman_bandwidth"]

CELL_M = 200.0
FDR = 0.05
MIN_PERMUTATIONS = 999


@dataclass(frozen=True)
class Cluster:
    """Touching significant cells: their number, the points inside them (``members``:
    indices into the input), the mean position of those points (the cells' centre without
    any), the largest Gi* z, the smallest adjusted p-value and the largest kernel density
    (points per km², None without a surface)."""

    cells: int
    members: tuple[int, ...]
    x: float
    y: float
    z_max: float
    q_min: float
    density_peak: float | None

    @property
    def points(self) -> int:
        """The number of points inside the cluster's cells."""
        return len(self.members)


@dataclass(frozen=True)
class HotSpots:
    """Everything :func:`hot_spots` computed, with the parameters to state next to a map."""

    grid: Grid
    counts: IntArray
    gi: GiStar
    q_values: FloatArray
    significant: BoolArray
    clusters: list[Cluster]
    bandwidth: float | None
    density: FloatArray | None
    fdr: float
    points: int
    area_only: dict[str, int] = field(default_factory=dict)

    @property
    def permutations(self) -> int:
        """The number of permutations used."""
        return self.gi.permutations


def permutations_for(cells: int, fdr: float = FDR) -> int:
    """At least 999 permutations, and enough that ``1 / (P + 1) ≤ fdr / cells``, rounded up
    to a whole thousand less one (999, 1999, …)."""
    needed = max(MIN_PERMUTATIONS + 1, math.ceil(cells / fdr))
    return math.ceil(needed / 1000) * 1000 - 1


def hot_spots(x: FloatArray, y: FloatArray, *, area_only: BoolArray | None = None,
              areas: Sequence[str] | None = None, cell: float = CELL_M, radius: int = 1,
              fdr: float = FDR, permutations: int | None = None, seed: int = 0) -> HotSpots:
    """Significant Gi* clusters of the points ``(x, y)`` (metres) and their density surface.

    ``area_only`` marks points known only at area level: they are not in the grid, the
    density or any cluster; with ``areas`` (one code per point) they are counted per area
    in ``area_only``. ``permutations`` defaults to :func:`permutations_for` the grid."""
    px, py = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if px.shape != py.shape or px.ndim != 1:
        raise ValueError("x and y must be one-dimensional and of the same length")
    located = np.ones(px.size, dtype=np.bool_) if area_only is None else ~np.asarray(area_only)
    if located.shape != px.shape:
        raise ValueError("area_only must have one flag per point")
    by_area: dict[str, int] = {}
    if areas is not None:
        by_area = dict(sorted(Counter(a for a, keep in zip(areas, located, strict=True)
                                      if not keep).items()))
    index = np.nonzero(located)[0]
    lx, ly = px[index], py[index]
    grid = Grid.covering(lx, ly, cell)
    counts = grid.counts(lx, ly)
    gi = gi_star(counts, radius, permutations or permutations_for(grid.cells, fdr), seed)
    rejected, adjusted = benjamini_hochberg(gi.p.ravel(), fdr)
    significant = rejected.reshape(counts.shape) & (gi.z > 0)
    bandwidth = silverman_bandwidth(lx, ly)
    density = None if bandwidth is None else kernel_density(lx, ly, grid, bandwidth) * 1e6
    q_values = adjusted.reshape(counts.shape)
    clusters = _clusters(grid, significant, gi.z, q_values, density, lx, ly, index)
    return HotSpots(grid=grid, counts=counts, gi=gi, q_values=q_values,
                    significant=significant, clusters=clusters, bandwidth=bandwidth,
                    density=density, fdr=fdr, points=int(index.size), area_only=by_area)


def _clusters(grid: Grid, significant: BoolArray, z: FloatArray, q_values: FloatArray,
              density: FloatArray | None, x: FloatArray, y: FloatArray,
              index: IntArray) -> list[Cluster]:
    labels, found = ndimage.label(significant, structure=np.ones((3, 3), dtype=np.intp))
    if not found:
        return []
    row, col = grid.locate(x, y)
    point_label = labels[row, col]
    xs, ys = grid.centres()
    clusters = []
    for label in range(1, found + 1):
        cells = labels == label
        inside = point_label == label
        rows, cols = np.nonzero(cells)
        if inside.any():
            cx, cy = float(x[inside].mean()), float(y[inside].mean())
        else:
            cx, cy = float(xs[cols].mean()), float(ys[rows].mean())
        clusters.append(Cluster(
            cells=int(cells.sum()), members=tuple(int(i) for i in index[inside]), x=cx, y=cy,
            z_max=float(np.nanmax(z[cells])), q_min=float(q_values[cells].min()),
            density_peak=None if density is None else float(density[cells].max())))
    return sorted(clusters, key=lambda c: (c.q_min, -c.z_max, -c.points))
