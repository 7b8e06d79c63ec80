"""Hot spots of map pins: a documented, simple density rule on a fixed grid."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

# about 200 × 200 m in southern Sweden: 0.002° latitude × 0.004° longitude
CELL_LAT = 0.002
CELL_LNG = 0.004


def grid_hotspots(points: Sequence[tuple[float, float]], min_pins: int = 3, limit: int = 10,
                  cell: tuple[float, float] = (CELL_LAT, CELL_LNG)) -> list[dict[str, float]]:
    """Grid cells with at least ``min_pins`` of the ``(lat, lng)`` points, most first.

    A point belongs to the cell ``(round(lat / cell_lat), round(lng / cell_lng))``; the cell is
    reported by its centre ``lat``, ``lng`` and its count ``pins``; at most ``limit`` cells
    (ties keep the order in which the cells were first seen)."""
    d_lat, d_lng = cell
    cells = Counter((round(lat / d_lat), round(lng / d_lng)) for lat, lng in points)
    spots = [{"lat": i * d_lat, "lng": j * d_lng, "pins": float(c)}
             for (i, j), c in cells.items() if c >= min_pins]
    return sorted(spots, key=lambda s: -s["pins"])[:limit]
