"""Irregular but exact area outlines for the demo municipality.

The areas are the cells of a grid whose corners are moved a little and whose edges wiggle,
so they look like districts rather than squares. Every edge is computed from its two corner
points alone (the same way whichever cell asks), so neighbouring areas share their border
point for point: no gaps, no overlaps. Deterministic: the same cell always gets the same
outline.
"""

from __future__ import annotations

import random

WEST, SOUTH = 14.66, 57.63          # south-west corner of the grid (WGS84)
WIDTH, HEIGHT = 0.03, 0.02          # one cell in degrees of longitude and latitude
CORNER_SHIFT = (0.0035, 0.0022)     # at most this far (lng, lat) a grid corner moves
EDGE_SEGMENTS = 5                   # points per edge, corners excluded
EDGE_WIGGLE = 0.12                  # sideways offset of edge points, as a share of a cell side


def _corner(i: int, j: int) -> tuple[float, float]:
    """Grid corner ``(i, j)`` (column line i, row line j), moved by a fixed pseudo-random amount."""
    rng = random.Random(f"corner:{i}:{j}")
    return (WEST + i * WIDTH + rng.uniform(-1, 1) * CORNER_SHIFT[0],
            SOUTH + j * HEIGHT + rng.uniform(-1, 1) * CORNER_SHIFT[1])


def _edge(a: tuple[int, int], b: tuple[int, int]) -> list[tuple[float, float]]:
    """Points from corner ``a`` to corner ``b``, both included; the same points for ``(b, a)``
    reversed."""
    if b < a:
        return _edge(b, a)[::-1]
    (x0, y0), (x1, y1) = _corner(*a), _corner(*b)
    rng = random.Random(f"edge:{a}:{b}")
    # Sideways is across the edge, in the unit of the cell side it runs along.
    across = (0.0, HEIGHT) if a[1] == b[1] else (WIDTH, 0.0)
    points = [(x0, y0)]
    for k in range(1, EDGE_SEGMENTS + 1):
        t = k / (EDGE_SEGMENTS + 1)
        # The offset vanishes at the corners, so edges meet there without a kink backwards.
        offset = rng.uniform(-1, 1) * EDGE_WIGGLE * 4 * t * (1 - t)
        points.append((x0 + t * (x1 - x0) + offset * across[0],
                       y0 + t * (y1 - y0) + offset * across[1]))
    points.append((x1, y1))
    return points


def cell_outline(row: int, column: int) -> dict:
    """The GeoJSON polygon of grid cell ``(row, column)`` (counter-clockwise, closed)."""
    corners = [(column, row), (column + 1, row), (column + 1, row + 1), (column, row + 1)]
    ring: list[tuple[float, float]] = []
    for a, b in zip(corners, corners[1:] + corners[:1], strict=True):
        ring += _edge(a, b)[:-1]
    ring.append(ring[0])
    return {"type": "Polygon",
            "coordinates": [[[round(x, 6), round(y, 6)] for x, y in ring]]}
