"""Reading area files as GIS units deliver them: GeoPackage, Shapefile (zip) and GeoJSON.

GeoPackage and Shapefile are read with pyogrio (GDAL); GeoJSON with the json module, so its
structural problems are named per feature (see :func:`surveyapp.geo.geometry.check`). The
result is one :class:`Layer` in the file's own coordinate reference system; reprojection and
simplification are :mod:`surveyapp.geo.areafile`'s job. No database here.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import numpy as np
import pyogrio
import shapely
from flask_babel import gettext as _
from pyogrio import raw as ogr
from pyogrio.errors import DataLayerError, DataSourceError

from questionnaires.input_limits import InputTooComplex, load_json
from surveyapp.geo.geometry import GeometryError, check
from surveyapp.uploads import FileRefused, refusal_message

WGS84_NAMES = (
    "urn:ogc:def:crs:OGC:1.3:CRS84",
    "urn:ogc:def:crs:OGC::CRS84",
    "urn:ogc:def:crs:EPSG::4326",
    "EPSG:4326",
)
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")
MAX_UNZIPPED = 1024 * 1024 * 1024  # a zip bomb stops here


class GisFileError(FileRefused):
    """The file cannot be read; ``problems`` says why (nothing is stored)."""


@dataclass
class Layer:
    """The features of a file: their attribute columns, properties and geometries (shapely,
    in ``crs``; None where ``problems`` holds the feature's structural problem)."""

    crs: str | None
    columns: list[str]
    properties: list[dict[str, Any]]
    geometries: list[shapely.Geometry | None]
    problems: dict[int, str]


def kind_of(filename: str) -> str:
    """``gpkg``, ``zip`` (a zipped Shapefile) or ``geojson`` from the file name."""
    suffix = PurePosixPath(filename.lower()).suffix
    if suffix == ".gpkg":
        return "gpkg"
    if suffix == ".zip":
        return "zip"
    if suffix in (".geojson", ".json", ""):
        return "geojson"
    raise GisFileError([_("“%(name)s” is not a GeoPackage (.gpkg), zipped Shapefile (.zip) or "
                          "GeoJSON (.geojson) file.", name=filename)])


def read_layer(raw: bytes | str, filename: str, crs: str | None = None) -> Layer:
    """The areas layer of an uploaded file (kind from the file name); ``crs`` (e.g.
    ``EPSG:3006``), when given, replaces the one the file names or lacks."""
    kind = kind_of(filename)
    if kind == "geojson":
        return _read_geojson(raw, crs)
    data = raw.encode() if isinstance(raw, str) else raw
    with tempfile.TemporaryDirectory(prefix="areas-") as folder:
        if kind == "gpkg":
            path = Path(folder) / "areas.gpkg"
            path.write_bytes(data)
        else:
            path = _unzip_shapefile(data, Path(folder))
        layer = _read_ogr(path)
    if crs:
        layer.crs = crs
    return layer


def _unzip_shapefile(data: bytes, folder: Path) -> Path:
    """Extract the one Shapefile of a zip (its .shp, .shx, .dbf, .prj, .cpg) into ``folder``."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise GisFileError([_("The file is not a zip file.")]) from None
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()
                   and PurePosixPath(m.filename).suffix.lower() in SHAPEFILE_PARTS
                   and not PurePosixPath(m.filename).name.startswith(".")]
        shapefiles = sorted(m.filename for m in members if m.filename.lower().endswith(".shp"))
        if not shapefiles:
            raise GisFileError([_("The zip file holds no Shapefile (.shp).")])
        if len(shapefiles) > 1:
            raise GisFileError([_("The zip file holds several Shapefiles (%(names)s); upload "
                                  "one per file.", names=", ".join(shapefiles))])
        if sum(m.file_size for m in members) > MAX_UNZIPPED:
            raise GisFileError([_("The zip file unpacks to more than 1 GB.")])
        stem = PurePosixPath(shapefiles[0]).stem
        for member in members:
            name = PurePosixPath(member.filename)
            if name.stem != stem:
                continue
            target = folder / f"areas{name.suffix.lower()}"  # never a path from the archive
            target.write_bytes(archive.read(member))
    return folder / "areas.shp"


def _read_ogr(path: Path) -> Layer:
    try:
        layers = pyogrio.list_layers(path)
        polygonal = [str(name) for name, kind in layers
                     if kind is None or "polygon" in str(kind).lower()]
        if not polygonal:
            raise GisFileError([_("The file has no layer of polygons.")])
        meta, _fids, wkb, fields = ogr.read(path, layer=polygonal[0])
    except (DataSourceError, DataLayerError) as error:
        raise GisFileError([_("The file cannot be read: %(error)s", error=str(error))]) from None
    columns = [str(c) for c in meta["fields"]]
    count = len(wkb)
    properties = [
        {column: _plain(fields[i][row]) for i, column in enumerate(columns)}
        for row in range(count)
    ]
    geometries = list(shapely.from_wkb(wkb, on_invalid="ignore"))
    problems = {row: _("the geometry is missing") for row, g in enumerate(geometries)
                if g is None or shapely.is_empty(g)}
    return Layer(meta["crs"], columns, properties,
                 [None if row in problems else g for row, g in enumerate(geometries)], problems)


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    return value


def _read_geojson(raw: bytes | str, override: str | None) -> Layer:
    try:
        data = load_json(raw)  # depth and NUL characters checked
    except InputTooComplex as error:
        raise GisFileError([refusal_message(error)]) from None
    except (ValueError, UnicodeDecodeError) as error:
        message = _("The file is not valid JSON: %(error)s", error=str(error))
        raise GisFileError([message]) from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise GisFileError([_("The file is not a GeoJSON FeatureCollection.")])
    features = data.get("features")
    if not isinstance(features, list) or not features:
        raise GisFileError([_("The FeatureCollection has no features.")])
    crs = override or _geojson_crs(data)
    geographic = crs is None or crs.upper() in (name.upper() for name in WGS84_NAMES)
    properties: list[dict[str, Any]] = []
    geometries: list[shapely.Geometry | None] = []
    problems: dict[int, str] = {}
    columns: dict[str, None] = {}
    for row, feature in enumerate(features):
        feature = feature if isinstance(feature, dict) else {}
        props = feature.get("properties")
        props = props if isinstance(props, dict) else {}
        properties.append(props)
        columns.update(dict.fromkeys(str(k) for k in props))
        geometry = feature.get("geometry")
        try:
            check(geometry, geographic=geographic)
            assert isinstance(geometry, dict)  # check() refuses anything else
            geometries.append(shapely.geometry.shape(geometry))
        except GeometryError as error:
            problems[row] = geometry_problem(error)
            geometries.append(None)
        except (KeyError, TypeError, AttributeError, ValueError, shapely.errors.GEOSException):
            problems[row] = _("the geometry is malformed")
            geometries.append(None)
    return Layer(crs or "EPSG:4326", list(columns), properties, geometries, problems)


def _geojson_crs(data: dict[str, Any]) -> str | None:
    """The legacy ``crs`` member's name, None for WGS84 (the GeoJSON default)."""
    crs = data.get("crs")
    if crs is None:
        return None
    name = str((crs.get("properties") or {}).get("name", "")) if isinstance(crs, dict) else ""
    if not name:
        raise GisFileError([_("The file's “crs” member names no coordinate reference system.")])
    return None if name in WGS84_NAMES else name


def geometry_problem(error: GeometryError) -> str:
    """A structural geometry problem in the user's language."""
    messages = {
        "type": _("the geometry type %(kind)s is not Polygon or MultiPolygon"),
        "missing": _("the geometry is missing"),
        "no_coordinates": _("the geometry has no coordinates"),
        "no_rings": _("a polygon has no rings"),
        "few_positions": _("a ring has fewer than four positions"),
        "not_numbers": _("position %(position)s is not a pair of numbers"),
        "projected": _(
            "position %(position)s is outside WGS84 longitude/latitude; the file looks projected "
            "(e.g. SWEREF 99 TM, EPSG:3006) — name its coordinate reference system in the file "
            "or in the import form"
        ),
        "not_closed": _("a ring is not closed (first and last positions differ)"),
        "zero_area": _("a ring has zero area"),
    }
    template = messages.get(error.reason)
    return template % error.params if template else str(error)
