"""Point-in-area, geometry checks and interior points against known points and brute force."""

from __future__ import annotations

import random

import pytest

from surveyapp.geo.geometry import GeometryError, bounds, check, contains, interior_point

SQUARE = {"type": "Polygon", "coordinates": [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]]}
# an L made of [0,10]x[0,4] and [0,4]x[4,10]
L_SHAPE = {"type": "Polygon", "coordinates": [[[0, 0], [10, 0], [10, 4], [4, 4], [4, 10],
                                               [0, 10], [0, 0]]]}
WITH_HOLE = {"type": "Polygon", "coordinates": [
    [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]],
    [[3, 3], [3, 7], [7, 7], [7, 3], [3, 3]],
]}
MULTI = {"type": "MultiPolygon", "coordinates": [
    SQUARE["coordinates"],
    [[[20, 20], [30, 20], [30, 30], [20, 30], [20, 20]]],
]}


def test_known_points_in_a_square():
    assert contains(SQUARE, lat=5, lng=5)
    assert not contains(SQUARE, lat=5, lng=11)
    assert not contains(SQUARE, lat=-0.1, lng=5)


def test_the_hole_is_outside():
    assert contains(WITH_HOLE, lat=1, lng=1)
    assert not contains(WITH_HOLE, lat=5, lng=5)
    assert contains(WITH_HOLE, lat=8, lng=5)


def test_multipolygon_parts():
    assert contains(MULTI, lat=25, lng=25)
    assert contains(MULTI, lat=5, lng=5)
    assert not contains(MULTI, lat=15, lng=15)


def _in_l_shape(lat: float, lng: float) -> bool:
    return (0 < lng < 10 and 0 < lat < 4) or (0 < lng < 4 and 0 < lat < 10)


def _in_holed(lat: float, lng: float) -> bool:
    return 0 < lng < 10 and 0 < lat < 10 and not (3 < lng < 7 and 3 < lat < 7)


@pytest.mark.parametrize(("geometry", "truth"), [(L_SHAPE, _in_l_shape), (WITH_HOLE, _in_holed)])
def test_brute_force_against_the_definition(geometry, truth):
    rng = random.Random(7)
    for _ in range(5000):
        lat, lng = rng.uniform(-2, 12), rng.uniform(-2, 12)
        if min(abs(lat - v) for v in (0, 3, 4, 7, 10)) < 1e-9:
            continue
        assert contains(geometry, lat, lng) == truth(lat, lng), (lat, lng)


def test_interior_point_lies_inside_even_for_concave_shapes():
    u_shape = {"type": "Polygon", "coordinates": [[[0, 0], [10, 0], [10, 10], [8, 10], [8, 2],
                                                   [2, 2], [2, 10], [0, 10], [0, 0]]]}
    for geometry in (SQUARE, L_SHAPE, WITH_HOLE, MULTI, u_shape):
        lat, lng = interior_point(geometry)
        assert contains(geometry, lat, lng), geometry


def test_bounds():
    assert bounds([SQUARE, MULTI]) == (0, 0, 30, 30)
    assert bounds([]) is None


@pytest.mark.parametrize(
    ("geometry", "message"),
    [
        (None, "missing"),
        ({"type": "Point", "coordinates": [1, 2]}, "not Polygon"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0]]]}, "fewer than four"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]}, "not closed"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [2, 0], [0, 0]]]}, "zero area"),
        ({"type": "Polygon", "coordinates": [[[0, 0], ["a", 0], [1, 1], [0, 0]]]}, "pair of numbers"),
        ({"type": "Polygon", "coordinates": [[[447000, 6390000], [448000, 6390000],
                                              [448000, 6391000], [447000, 6390000]]]}, "SWEREF 99"),
    ],
)
def test_invalid_geometries_are_named(geometry, message):
    with pytest.raises(GeometryError, match=message):
        check(geometry)


def test_valid_geometries_pass():
    for geometry in (SQUARE, L_SHAPE, WITH_HOLE, MULTI):
        check(geometry)
