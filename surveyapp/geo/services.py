"""Areas: import from GeoJSON and point-in-area assignment. Only flushes; never commits."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from questionnaires.input_limits import InputTooComplex, load_json
from surveyapp.db import db
from surveyapp.geo.geometry import GeometryError, check, contains, polygons
from surveyapp.geo.models import AREA_KINDS, Area
from surveyapp.uploads import refusal_message

CODE_KEYS = ("code", "deso", "regso", "kod", "desokod", "regsokod", "id")
NAME_KEYS = ("name", "namn", "regso", "deso")
WGS84_NAMES = (
    "urn:ogc:def:crs:OGC:1.3:CRS84",
    "urn:ogc:def:crs:OGC::CRS84",
    "urn:ogc:def:crs:EPSG::4326",
    "EPSG:4326",
)


class AreaImportError(ValueError):
    """The file cannot be imported; ``problems`` lists every problem found (nothing stored)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class ImportResult:
    """What an import created and updated (by code)."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)


def _property(properties: dict[str, Any], keys: Iterable[str]) -> str | None:
    lowered = {str(key).lower(): value for key, value in properties.items()}
    for key in keys:
        value = lowered.get(key)
        if value not in (None, ""):
            return str(value).strip()
    return None


def _check_crs(data: dict[str, Any]) -> str | None:
    crs = data.get("crs")
    if crs is None:
        return None
    name = str((crs.get("properties") or {}).get("name", "")) if isinstance(crs, dict) else ""
    if name in WGS84_NAMES:
        return None
    return _(
        "The file's coordinate reference system is %(crs)s; areas must be in WGS84 "
        "(EPSG:4326). Convert the file, e.g. ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson",
        crs=name or str(crs),
    )


def _geometry_problem(error: GeometryError) -> str:
    """The geometry problem in the user's language."""
    messages = {
        "type": _("the geometry type %(kind)s is not Polygon or MultiPolygon"),
        "missing": _("the geometry is missing"),
        "no_coordinates": _("the geometry has no coordinates"),
        "no_rings": _("a polygon has no rings"),
        "few_positions": _("a ring has fewer than four positions"),
        "not_numbers": _("position %(position)s is not a pair of numbers"),
        "projected": _(
            "position %(position)s is outside WGS84 longitude/latitude; the file looks projected "
            "(e.g. SWEREF 99 TM, EPSG:3006) — convert it to WGS84 (EPSG:4326)"
        ),
        "not_closed": _("a ring is not closed (first and last positions differ)"),
        "zero_area": _("a ring has zero area"),
    }
    template = messages.get(error.reason)
    return template % error.params if template else str(error)


def parse_areas(text: str | bytes, kind: str) -> list[dict[str, Any]]:
    """Check a GeoJSON FeatureCollection and return the areas in it (code, name, geometry).

    Every problem is collected (feature number and code named) before AreaImportError is raised.
    """
    if kind not in AREA_KINDS:
        raise AreaImportError([_("Unknown kind of area %(kind)s; use one of %(kinds)s.",
                                 kind=kind, kinds=", ".join(AREA_KINDS))])
    try:
        data = load_json(text)  # depth and NUL characters checked
    except InputTooComplex as error:
        raise AreaImportError([refusal_message(error)]) from None
    except (ValueError, UnicodeDecodeError) as error:
        message = _("The file is not valid JSON: %(error)s", error=str(error))
        raise AreaImportError([message]) from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise AreaImportError([_("The file is not a GeoJSON FeatureCollection.")])
    crs_problem = _check_crs(data)
    if crs_problem:
        raise AreaImportError([crs_problem])
    features = data.get("features")
    if not isinstance(features, list) or not features:
        raise AreaImportError([_("The FeatureCollection has no features.")])
    problems: list[str] = []
    areas: list[dict[str, Any]] = []
    seen: dict[str, int] = {}

    def problem(number: int, code: str | None, text: str) -> None:
        if code:
            problems.append(_("Feature %(number)s (%(code)s): %(problem)s",
                              number=number, code=code, problem=text))
        else:
            problems.append(_("Feature %(number)s: %(problem)s", number=number, problem=text))

    for number, feature in enumerate(features, start=1):
        feature = feature if isinstance(feature, dict) else {}
        properties = feature.get("properties") or {}
        code = _property(properties, CODE_KEYS)
        if code is None:
            problem(number, code, _("no code (property code, deso or regso)"))
        elif len(code) > 32:
            problem(number, code, _("the code is longer than 32 characters"))
        elif code in seen:
            problem(number, code, _("duplicate code %(code)s, also in feature %(other)s",
                                    code=code, other=seen[code]))
        else:
            seen[code] = number
        try:
            check(feature.get("geometry"))
        except GeometryError as error:
            problem(number, code, _geometry_problem(error))
        except (KeyError, TypeError, AttributeError):
            problem(number, code, _("the geometry is malformed"))
        name = _property(properties, NAME_KEYS) or code or ""
        areas.append({"code": code, "name": name[:200], "geometry": feature.get("geometry")})
    if problems:
        raise AreaImportError(problems)
    return areas


def import_areas(text: str | bytes, kind: str, parent: Area | None = None) -> ImportResult:
    """Create new areas and update existing ones (same code) from a GeoJSON file. All or none."""
    parsed = parse_areas(text, kind)
    existing = {
        area.code: area
        for area in db.session.scalars(
            select(Area).where(Area.code.in_([item["code"] for item in parsed]))
        )
    }
    result = ImportResult()
    for item in parsed:
        area = existing.get(item["code"])
        if area is None:
            db.session.add(Area(code=item["code"], name=item["name"], kind=kind,
                                geometry=item["geometry"],
                                parent_id=parent.id if parent else None))
            result.created.append(item["code"])
        else:
            area.name, area.kind, area.geometry = item["name"], kind, item["geometry"]
            if parent is not None:
                area.parent_id = parent.id
            result.updated.append(item["code"])
    db.session.flush()
    return result


def all_areas(by_name: bool = False) -> list[Area]:
    """Every area, by kind and code (or by name, for lists residents or staff pick from)."""
    order = (Area.name,) if by_name else (Area.kind, Area.code)
    return list(db.session.scalars(select(Area).order_by(*order)))


def area_features(areas: Iterable[Area]) -> dict[str, Any]:
    """``areas`` (those with a geometry) as a GeoJSON FeatureCollection with code and name."""
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"code": a.code, "name": a.name},
             "geometry": a.geometry}
            for a in areas if a.geometry
        ],
    }


def area_at(areas: Iterable[Area], lat: float, lng: float) -> Area | None:
    """The first of ``areas`` whose boundary contains the point (bounding box checked first)."""
    for area in areas:
        if not area.geometry:
            continue
        try:
            outer = [ring[0] for ring in polygons(area.geometry)]
        except (GeometryError, KeyError, TypeError):
            continue
        lngs = [p[0] for ring in outer for p in ring]
        lats = [p[1] for ring in outer for p in ring]
        if not (min(lats) <= lat <= max(lats) and min(lngs) <= lng <= max(lngs)):
            continue
        if contains(area.geometry, lat, lng):
            return area
    return None


def area_contains(code: str, lat: float, lng: float) -> bool:
    """Whether the area with ``code`` exists, has a boundary and contains the point."""
    geometry = db.session.scalar(select(Area.geometry).where(Area.code == code))
    if not geometry:
        return False
    return contains(geometry, lat, lng)
