"""From a read :class:`~surveyapp.geo.gisfile.Layer` to areas ready to store: the chosen code,
name and parent columns, every problem named with the feature's number and code, borders
simplified for the web without opening gaps between neighbours, and WGS84 coordinates.

Simplification is shapely's ``coverage_simplify`` (GEOS coverage simplification,
Visvalingam–Whyatt on the shared edges once, so two neighbours keep the same border), done in
the file's own coordinate system with the tolerance in metres. Reprojection is pyproj to
EPSG:4326 with longitude first, as GeoJSON wants it. No database here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from flask_babel import gettext as _
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError

from surveyapp.geo.gisfile import GisFileError, Layer

CODE_KEYS = ("code", "kod", "desokod", "deso", "regsokod", "regso", "id")
NAME_KEYS = ("name", "namn", "regsonamn", "desonamn", "regso", "deso")
DEFAULT_SIMPLIFY_M = 2.0
METRES_PER_DEGREE = 111_320.0
DECIMALS = 7  # about 1 cm in WGS84
WGS84 = CRS.from_epsg(4326)


@dataclass(frozen=True)
class AreaOptions:
    """The user's choices for an import: columns, the CRS when the file lacks one, and the
    simplification tolerance in metres (0 keeps every vertex)."""

    code_column: str | None = None
    name_column: str | None = None
    parent_column: str | None = None
    crs: str | None = None
    simplify_m: float = DEFAULT_SIMPLIFY_M


@dataclass
class PreparedArea:
    """One area to store: code, name, the parent's code (if a parent column was chosen) and
    the boundary as a GeoJSON geometry in WGS84."""

    code: str
    name: str
    parent_code: str | None
    geometry: dict[str, Any]


def _column(layer: Layer, chosen: str | None, keys: Iterable[str]) -> str | None:
    """The chosen column (matched without regard to case) or the first known one."""
    by_lower = {column.lower(): column for column in layer.columns}
    if chosen:
        found = by_lower.get(chosen.strip().lower())
        if found is None:
            raise GisFileError([_("The file has no column “%(column)s”; its columns are: "
                                  "%(columns)s.", column=chosen,
                                  columns=", ".join(layer.columns) or "–")])
        return found
    return next((by_lower[key] for key in keys if key in by_lower), None)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def source_crs(layer: Layer) -> CRS:
    """The layer's coordinate reference system; a problem when missing or unknown."""
    if not layer.crs:
        raise GisFileError([_("The file does not name its coordinate reference system; give "
                              "its EPSG code in the form (e.g. EPSG:3006 for SWEREF 99 TM).")])
    try:
        return CRS.from_user_input(layer.crs)
    except CRSError:
        raise GisFileError([_("The coordinate reference system “%(crs)s” is not known; give "
                              "an EPSG code such as EPSG:3006.", crs=layer.crs[:80])]) from None


def prepare_areas(layer: Layer, options: AreaOptions) -> list[PreparedArea]:
    """Check, simplify and reproject the layer's areas. Raises GisFileError with every
    problem (feature number and code named) and stores nothing."""
    code_column = _column(layer, options.code_column, CODE_KEYS)
    name_column = _column(layer, options.name_column, NAME_KEYS)
    parent_column = _column(layer, options.parent_column, ()) if options.parent_column else None
    crs = source_crs(layer)
    problems: list[str] = []

    def problem(row: int, code: str | None, text: str) -> None:
        if code:
            problems.append(_("Feature %(number)s (%(code)s): %(problem)s",
                              number=row + 1, code=code, problem=text))
        else:
            problems.append(_("Feature %(number)s: %(problem)s", number=row + 1, problem=text))

    reasons = _validity(layer.geometries)
    seen: dict[str, int] = {}
    codes: list[str | None] = []
    for row, properties in enumerate(layer.properties):
        code = _text(properties.get(code_column)) if code_column else None
        codes.append(code)
        if code is None:
            problem(row, code, _("no code (choose the code column; the file's columns are "
                                 "%(columns)s)", columns=", ".join(layer.columns) or "–"))
        elif len(code) > 32:
            problem(row, code, _("the code is longer than 32 characters"))
        elif code in seen:
            problem(row, code, _("duplicate code %(code)s, also in feature %(other)s",
                                 code=code, other=seen[code] + 1))
        else:
            seen[code] = row
        if row in layer.problems:
            problem(row, code, layer.problems[row])
        elif (reason := reasons[row]) is not None:
            problem(row, code, reason)
    if problems:
        raise GisFileError(problems)
    geometries = np.array(layer.geometries, dtype=object)
    geometries = _simplify(geometries, crs, options.simplify_m)
    geometries = _to_wgs84(geometries, crs)
    areas = []
    for row, (properties, geometry) in enumerate(zip(layer.properties, geometries,
                                                      strict=True)):
        code = codes[row] or ""
        name = (_text(properties.get(name_column)) if name_column else None) or code
        parent = _text(properties.get(parent_column)) if parent_column else None
        areas.append(PreparedArea(code, name[:200], parent, geojson(geometry)))
    return areas


def geojson(geometry: shapely.Geometry) -> dict[str, Any]:
    """A Polygon or MultiPolygon as a GeoJSON geometry (lists, not tuples)."""
    def rings(polygon: shapely.Polygon) -> list[list[list[float]]]:
        return [np.asarray(ring.coords)[:, :2].tolist()
                for ring in (polygon.exterior, *polygon.interiors)]

    if isinstance(geometry, shapely.MultiPolygon):
        return {"type": "MultiPolygon", "coordinates": [rings(p) for p in geometry.geoms]}
    if isinstance(geometry, shapely.Polygon):
        return {"type": "Polygon", "coordinates": rings(geometry)}
    raise TypeError(f"not polygonal: {type(geometry).__name__}")


def _validity(geometries: list[shapely.Geometry | None]) -> list[str | None]:
    """Per feature: None when the geometry is a valid (Multi)Polygon, else the problem."""
    out: list[str | None] = []
    for geometry in geometries:
        if geometry is None:
            out.append(None)  # its structural problem is already known
        elif shapely.get_type_id(geometry) not in (3, 6):
            out.append(_("the geometry type %(kind)s is not Polygon or MultiPolygon",
                         kind=type(geometry).__name__))
        elif not shapely.is_valid(geometry):
            out.append(_("the geometry is not valid: %(reason)s",
                         reason=shapely.is_valid_reason(geometry)))
        else:
            out.append(None)
    return out


def _simplify(geometries: np.ndarray, crs: CRS, metres: float) -> np.ndarray:
    """Coverage simplification with a tolerance of ``metres`` in the layer's own units."""
    if metres <= 0:
        return geometries
    if crs.is_geographic:
        tolerance = metres / METRES_PER_DEGREE
    else:
        factor = crs.axis_info[0].unit_conversion_factor if crs.axis_info else 1.0
        tolerance = metres / (factor or 1.0)
    return np.asarray(shapely.coverage_simplify(geometries, tolerance))


def _to_wgs84(geometries: np.ndarray, crs: CRS) -> np.ndarray:
    """Longitude/latitude (EPSG:4326, longitude first), rounded to about a centimetre."""
    if crs.equals(WGS84, ignore_axis_order=True):
        return np.asarray(shapely.transform(geometries, lambda xy: np.round(xy, DECIMALS)))
    transformer = Transformer.from_crs(crs, WGS84, always_xy=True)

    def project(xy: np.ndarray) -> np.ndarray:
        lng, lat = transformer.transform(xy[:, 0], xy[:, 1])
        return np.round(np.column_stack([lng, lat]), DECIMALS)

    return np.asarray(shapely.transform(geometries, project))
