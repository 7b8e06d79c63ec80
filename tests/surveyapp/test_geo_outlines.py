"""The demo's irregular area outlines tile the municipality exactly."""

from __future__ import annotations

import random

from surveyapp.demo import DEMO_AREAS
from surveyapp.geo.geometry import contains
from surveyapp.geo.outlines import cell_outline

CELLS = {(row, column): cell_outline(row, column) for _, _, row, column in DEMO_AREAS}


def ring(row: int, column: int) -> list[tuple[float, float]]:
    return [tuple(point) for point in CELLS[row, column]["coordinates"][0]]


def segments(points):
    return list(zip(points, points[1:], strict=False))


def crosses(p, q, r, s) -> bool:
    """Whether segments pq and rs cross at an inner point (shared end points do not count)."""
    def side(a, b, c):
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
    d1, d2, d3, d4 = side(r, s, p), side(r, s, q), side(p, q, r), side(p, q, s)
    return d1 * d2 < 0 and d3 * d4 < 0


def test_outlines_are_irregular_closed_and_simple():
    for row, column in CELLS:
        points = ring(row, column)
        assert points[0] == points[-1] and len(points) > 20
        assert len({lng for lng, _ in points}) > 10, "not a rectangle"
        edges = segments(points)
        for i, (p, q) in enumerate(edges):
            for r, s in edges[i + 2:]:
                assert not crosses(p, q, r, s), (row, column, p, q, r, s)
    assert cell_outline(1, 1) == cell_outline(1, 1), "deterministic"


def test_neighbours_share_their_border_point_for_point():
    shared = set(ring(0, 0)) & set(ring(0, 1))
    assert len(shared) >= 7, "the two corners and every point between them"
    between_rows = set(ring(0, 0)) & set(ring(1, 0))
    assert len(between_rows) >= 7
    assert set(ring(0, 0)) & set(ring(2, 0)) == set(), "cells two rows apart do not touch"


def test_every_point_inside_the_municipality_lies_in_exactly_one_area():
    rng = random.Random(7)
    checked = 0
    for _ in range(4000):
        lat, lng = rng.uniform(57.636, 57.684), rng.uniform(14.666, 14.714)
        if lat > 57.664 and lng > 14.684:
            continue  # the grid's sixth cell is not an area
        inside = [cell for cell, geometry in CELLS.items() if contains(geometry, lat, lng)]
        assert len(inside) == 1, (lat, lng, inside)
        checked += 1
    assert checked > 2500


def test_places_used_by_the_demo_and_the_browser_tests_stay_in_their_areas():
    by_code = {code: CELLS[row, column] for code, _, row, column in DEMO_AREAS}
    for lat, lng, code in [(57.6523, 14.6789, "0682R003"), (57.675, 14.675, "0682R005"),
                           (57.6395, 14.6745, "0682R001"), (57.6412, 14.6801, "0682R001"),
                           (57.64, 14.70, "0682R002")]:
        assert contains(by_code[code], lat, lng), (lat, lng, code)
