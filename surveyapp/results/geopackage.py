"""The campaign's map as one GeoPackage (OGC 12-128r18): a layer per kind of feature.

Layers, in WGS84 (EPSG:4326), each of one geometry type: ``areas`` (MultiPolygon, the areas
with the indicator, as ``areas.geojson``), ``pins``, ``observations`` and ``survey_places``
(Point, as in ``points.geojson``). A layer without features is still there, so a QGIS project
that uses it keeps working next year. Attribute columns are the GeoJSON properties: whole
numbers as integers, other numbers as reals, true/false as booleans, missing values as NULL,
anything else (dates, the checklist scores) as text; a column that is NULL throughout is real
(such as an estimate suppressed in every area).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from typing import Any

import numpy as np
import shapely
from pyogrio import raw

MIMETYPE = "application/geopackage+sqlite3"  # IANA
CRS = "EPSG:4326"
POINT_LAYERS = {"pin": "pins", "observation": "observations", "survey_place": "survey_places"}


def _column(values: list[Any]) -> tuple[np.ndarray, np.ndarray | None]:
    """One attribute column as a typed array and its NULL mask (``None`` without NULLs)."""
    present = [v for v in values if v is not None]
    mask = np.array([v is None for v in values], dtype=bool)
    if present and all(isinstance(v, bool) for v in present):
        return np.array([bool(v) for v in values], dtype=bool), mask if mask.any() else None
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return np.array([v or 0 for v in values], dtype=np.int64), mask if mask.any() else None
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        return np.array([np.nan if v is None else float(v) for v in values]), None
    return np.array([v if v is None or isinstance(v, str) else
                     json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else str(v)
                     for v in values], dtype=object), None


def _write_layer(path: str, name: str, geometry_type: str, features: Sequence[dict],
                 append: bool) -> None:
    fields = list(dict.fromkeys(key for f in features for key in f["properties"])) or ["kind"]
    columns = [_column([f["properties"].get(key) for f in features]) for key in fields]
    geometry = shapely.to_wkb(np.array([shapely.geometry.shape(f["geometry"]) for f in features],
                                       dtype=object))
    raw.write(path, geometry, [data for data, _mask in columns], fields,
              field_mask=[mask for _data, mask in columns], layer=name, driver="GPKG",
              geometry_type=geometry_type, crs=CRS, append=append)


def geopackage_bytes(areas: dict, points: dict) -> bytes:
    """The GeoPackage of ``areas`` (:func:`surveyapp.results.places.area_collection`) and
    ``points`` (:func:`surveyapp.results.places.point_collection`)."""
    by_kind: dict[str, list[dict]] = {kind: [] for kind in POINT_LAYERS}
    for feature in points["features"]:
        by_kind[feature["properties"]["kind"]].append(feature)
    with tempfile.TemporaryDirectory() as folder:  # GDAL creates the file itself
        path = os.path.join(folder, "map.gpkg")
        _write_layer(path, "areas", "MultiPolygon", areas["features"], append=False)
        for kind, layer in POINT_LAYERS.items():
            _write_layer(path, layer, "Point", by_kind[kind], append=True)
        with open(path, "rb") as file:
            return file.read()
