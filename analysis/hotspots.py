"""Hot spots of map pins: a documented, simple density rule on a fixed grid."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

# about 200 × 200 m in southern Sweden: 0.002° latitude × 0.004° longitude
CELL_LAT = 0.002
CELL_LNG = 0.004


def grid_hotspots(points: Sequence[tuple[float, float]], min_pins: int = 3, limit: int = 10,
                  cell: tuple[float, float] = (CELL_LAT, CELL_LNG),
                  labels: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """Grid cells with at least ``min_pins`` of the ``(lat, lng)`` points, most first.

    A point belongs to the cell ``(round(lat / cell_lat), round(lng / cell_lng))``; the cell is
    reported by its centre ``lat``, ``lng`` and its count ``pins``; at most ``limit`` cells
    (ties keep the order in which the cells were first seen). With ``labels`` (one per point,
    e.g. its source), each cell also has ``by_label``: its count per label."""
    d_lat, d_lng = cell
    cells: dict[tuple[int, int], Counter[str]] = {}
    for number, (lat, lng) in enumerate(points):
        label = labels[number] if labels is not None else ""
        cells.setdefault((round(lat / d_lat), round(lng / d_lng)), Counter())[label] += 1
    spots: list[dict[str, Any]] = []
    for (i, j), counts in cells.items():
        total = sum(counts.values())
        if total >= min_pins:
            spot: dict[str, Any] = {"lat": i * d_lat, "lng": j * d_lng, "pins": float(total)}
            if labels is not None:
                spot["by_label"] = dict(sorted(counts.items()))
            spots.append(spot)
    return sorted(spots, key=lambda s: -s["pins"])[:limit]
