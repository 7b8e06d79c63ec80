"""Pure geometry on GeoJSON (WGS84, [lng, lat] order): checks, point-in-area, bounds.

No database and no Flask here, so it is easy to test against brute force and known points.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

Ring = Sequence[Sequence[float]]
Polygon = Sequence[Ring]


class GeometryError(ValueError):
    """A geometry that cannot be used as an area boundary; ``str()`` says why in English,
    ``reason`` (a code) and ``params`` let the web app say it in the user's language."""

    def __init__(self, message: str, reason: str, **params: Any) -> None:
        super().__init__(message)
        self.reason = reason
        self.params = params


def polygons(geometry: dict[str, Any]) -> list[Polygon]:
    """The polygons of a Polygon or MultiPolygon geometry (each: exterior ring, then holes)."""
    kind = geometry.get("type")
    if kind == "Polygon":
        return [geometry["coordinates"]]
    if kind == "MultiPolygon":
        return list(geometry["coordinates"])
    raise GeometryError(f"geometry type {kind!r} is not Polygon or MultiPolygon", "type",
                        kind=str(kind))


def _in_ring(x: float, y: float, ring: Ring) -> bool:
    """Ray casting (even-odd rule) for a closed ring."""
    inside = False
    count = len(ring)
    j = count - 1
    for i in range(count):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def contains(geometry: dict[str, Any], lat: float, lng: float) -> bool:
    """Whether the point lies inside the Polygon/MultiPolygon (inside an exterior, not a hole)."""
    for polygon in polygons(geometry):
        if (
            polygon
            and _in_ring(lng, lat, polygon[0])
            and not any(_in_ring(lng, lat, hole) for hole in polygon[1:])
        ):
            return True
    return False


def bounds(geometries: Iterable[dict[str, Any]]) -> tuple[float, float, float, float] | None:
    """(south, west, north, east) around all exterior rings, or None without geometries."""
    south = west = math.inf
    north = east = -math.inf
    for geometry in geometries:
        for polygon in polygons(geometry):
            for lng, lat, *_ in polygon[0]:
                south, north = min(south, lat), max(north, lat)
                west, east = min(west, lng), max(east, lng)
    if south is math.inf:
        return None
    return south, west, north, east


def _ring_area(ring: Ring) -> float:
    """Signed area (shoelace) in square degrees."""
    return sum(
        ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1] for i in range(len(ring) - 1)
    ) / 2


def interior_point(geometry: dict[str, Any]) -> tuple[float, float]:
    """A (lat, lng) inside the geometry: the vertex mean of the largest polygon when it lies
    inside, otherwise the midpoint of the widest inside span (holes excluded) on its latitude."""
    largest = max(polygons(geometry), key=lambda polygon: abs(_ring_area(polygon[0])))
    ring = largest[0]
    lng = sum(point[0] for point in ring[:-1]) / (len(ring) - 1)
    lat = sum(point[1] for point in ring[:-1]) / (len(ring) - 1)
    if contains(geometry, lat, lng):
        return lat, lng
    crossings = sorted(
        edge[i][0] + (lat - edge[i][1]) * (edge[i + 1][0] - edge[i][0])
        / (edge[i + 1][1] - edge[i][1])
        for edge in largest
        for i in range(len(edge) - 1)
        if (edge[i][1] > lat) != (edge[i + 1][1] > lat)
    )
    spans = list(zip(crossings[::2], crossings[1::2], strict=False))
    if not spans:
        return ring[0][1], ring[0][0]
    left, right = max(spans, key=lambda span: span[1] - span[0])
    return lat, (left + right) / 2


def check(geometry: Any, geographic: bool = True) -> None:
    """Raise GeometryError unless ``geometry`` is a usable Polygon/MultiPolygon.

    Checks: type, nesting, numeric finite positions, WGS84 ranges when ``geographic``
    (projected coordinates such as SWEREF 99 TM are named as such), closed rings of at least
    four positions, non-zero area.
    """
    if not isinstance(geometry, dict):
        raise GeometryError("the geometry is missing", "missing")
    parts = polygons(geometry)
    if not isinstance(geometry.get("coordinates"), list) or not parts:
        raise GeometryError("the geometry has no coordinates", "no_coordinates")
    for polygon in parts:
        if not isinstance(polygon, list) or not polygon:
            raise GeometryError("a polygon has no rings", "no_rings")
        for ring in polygon:
            _check_ring(ring, geographic)


def _check_ring(ring: Any, geographic: bool) -> None:
    if not isinstance(ring, list) or len(ring) < 4:
        raise GeometryError("a ring has fewer than four positions", "few_positions")
    for position in ring:
        if (
            not isinstance(position, list | tuple)
            or len(position) < 2
            or not all(isinstance(v, int | float) and math.isfinite(v) for v in position[:2])
        ):
            raise GeometryError(f"position {position!r} is not a pair of numbers", "not_numbers",
                                position=repr(position)[:60])
        lng, lat = position[0], position[1]
        if geographic and (abs(lng) > 180 or abs(lat) > 90):
            raise GeometryError(
                f"position {list(position[:2])} is outside WGS84 longitude/latitude; the file "
                "looks projected (e.g. SWEREF 99 TM, EPSG:3006) — convert it to WGS84 (EPSG:4326)",
                "projected",
                position=str(list(position[:2])),
            )
    if list(ring[0][:2]) != list(ring[-1][:2]):
        raise GeometryError("a ring is not closed (first and last positions differ)", "not_closed")
    if _ring_area(ring) == 0:
        raise GeometryError("a ring has zero area", "zero_area")
