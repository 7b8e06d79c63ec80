"""Points counted per square cell of a web map (Web Mercator, the tiles' projection): the
public map's aggregated view of many pins.

A cell is ``cell_px`` screen pixels at ``zoom`` (256 px tiles); its row is the point's mean
position, so a marker sits where its pins are, not at the cell's corner.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

_MAX_LAT = 85.05112878  # the Mercator square's edge


def cell_counts(lat: NDArray[np.float64], lng: NDArray[np.float64], zoom: int, cell_px: int
                ) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.int64]]:
    """(mean latitude, mean longitude, count) per occupied cell, largest count first."""
    if not len(lat):
        empty = np.zeros(0)
        return empty, empty, np.zeros(0, dtype=np.int64)
    cells_per_world = (256 << zoom) / cell_px
    x = np.floor((lng + 180.0) / 360.0 * cells_per_world).astype(np.int64)
    mercator = np.log(np.tan(np.pi / 4 + np.radians(np.clip(lat, -_MAX_LAT, _MAX_LAT)) / 2))
    y = np.floor((1 - mercator / np.pi) / 2 * cells_per_world).astype(np.int64)
    key = x * (int(cells_per_world) + 1) + y
    _, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
    mean_lat = np.bincount(inverse, weights=lat) / counts
    mean_lng = np.bincount(inverse, weights=lng) / counts
    order = np.argsort(-counts, kind="stable")
    return mean_lat[order], mean_lng[order], counts[order].astype(np.int64)
