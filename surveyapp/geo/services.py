"""Areas: import from GeoPackage, Shapefile (zip) or GeoJSON and point-in-area assignment.
Only flushes; never commits."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from surveyapp.db import db
from surveyapp.geo.areafile import AreaOptions, PreparedArea, prepare_areas
from surveyapp.geo.geometry import GeometryError, contains, polygons
from surveyapp.geo.gisfile import GisFileError, read_layer
from surveyapp.geo.models import AREA_KINDS, Area
from surveyapp.uploads import FileRefused


class AreaImportError(FileRefused):
    """The file cannot be imported; ``problems`` lists every problem found (nothing stored)."""


@dataclass
class ImportResult:
    """What an import created and updated (by code)."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)


def parse_areas(raw: str | bytes, kind: str, filename: str = "areas.geojson",
                options: AreaOptions | None = None) -> list[PreparedArea]:
    """Read, check, simplify and reproject the areas of a GeoPackage, zipped Shapefile or
    GeoJSON file (kind of file from ``filename``).

    Every problem is collected (feature number and code named) before AreaImportError is raised.
    """
    if kind not in AREA_KINDS:
        raise AreaImportError([_("Unknown kind of area %(kind)s; use one of %(kinds)s.",
                                 kind=kind, kinds=", ".join(AREA_KINDS))])
    options = options or AreaOptions()
    try:
        return prepare_areas(read_layer(raw, filename, options.crs), options)
    except GisFileError as error:
        raise AreaImportError(error.problems) from None


def import_areas(raw: str | bytes, kind: str, parent: Area | None = None,
                 filename: str = "areas.geojson", options: AreaOptions | None = None
                 ) -> ImportResult:
    """Create new areas and update existing ones (same code) from a file. All or none.

    The parent is ``parent`` or, with a parent column chosen, the existing area of that code.
    """
    parsed = parse_areas(raw, kind, filename, options)
    parent_codes = {item.parent_code for item in parsed if item.parent_code}
    parents = {code: area_id for code, area_id in db.session.execute(
        select(Area.code, Area.id).where(Area.code.in_(parent_codes)))}
    unknown = [_("Feature %(number)s (%(code)s): unknown parent area “%(parent)s”.",
                 number=number, code=item.code, parent=item.parent_code)
               for number, item in enumerate(parsed, start=1)
               if item.parent_code and item.parent_code not in parents]
    if unknown:
        raise AreaImportError(unknown)
    existing = {
        area.code: area
        for area in db.session.scalars(
            select(Area).where(Area.code.in_([item.code for item in parsed]))
        )
    }
    result = ImportResult()
    for item in parsed:
        parent_id = parents[item.parent_code] if item.parent_code else (
            parent.id if parent else None)
        area = existing.get(item.code)
        if area is None:
            db.session.add(Area(code=item.code, name=item.name, kind=kind,
                                geometry=item.geometry, parent_id=parent_id))
            result.created.append(item.code)
        else:
            area.name, area.kind, area.geometry = item.name, kind, item.geometry
            if parent_id is not None:
                area.parent_id = parent_id
            result.updated.append(item.code)
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
