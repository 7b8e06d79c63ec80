"""Made-up area coverages for the import tests and the bench: DeSO-like areas with wiggly
shared borders (noded noisy grid lines, polygonised), written with pyogrio in any CRS."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import shapely
from pyogrio import raw as ogr


def coverage(columns: int, rows: int, west: float = 440_000, south: float = 6_390_000,
             size: float = 1_000, wiggle: float = 40, points_per_edge: int = 12,
             seed: int = 1) -> list[shapely.Polygon]:
    """``columns × rows`` polygons tiling a rectangle; every inner border is a shared noisy
    polyline, so neighbours have identical vertices along it (a valid coverage). The noise
    shrinks towards the grid's nodes (at most 0.4 × the distance to the node), so lines meet
    only there."""
    rng = np.random.default_rng(seed)
    along = np.arange(points_per_edge + 1) * size / points_per_edge
    limit = np.minimum(wiggle, 0.4 * np.minimum(along, size - along))[:-1]

    def noise(edges: int) -> np.ndarray:
        return np.append(rng.uniform(-1, 1, edges * points_per_edge) * np.tile(limit, edges),
                         0.0)

    lines = []
    steps = columns * points_per_edge
    for j in range(rows + 1):  # horizontal lines; the outer ones straight
        xs = np.linspace(west, west + columns * size, steps + 1)
        ys = np.full_like(xs, south + j * size)
        if 0 < j < rows:
            ys += noise(columns)
        lines.append(shapely.LineString(np.column_stack([xs, ys])))
    steps = rows * points_per_edge
    for i in range(columns + 1):
        ys = np.linspace(south, south + rows * size, steps + 1)
        xs = np.full_like(ys, west + i * size)
        if 0 < i < columns:
            xs += noise(rows)
        lines.append(shapely.LineString(np.column_stack([xs, ys])))
    polygons = shapely.get_parts(shapely.polygonize(shapely.get_parts(
        shapely.node(shapely.MultiLineString(lines)))))
    order = np.lexsort((shapely.get_x(shapely.centroid(polygons)),
                        shapely.get_y(shapely.centroid(polygons))))
    assert len(polygons) == columns * rows
    return list(polygons[order])


def codes(count: int, municipality: str = "0682") -> list[str]:
    """DeSO-style codes 0682A0010, 0682A0020, …"""
    return [f"{municipality}A{10 * (n + 1):04d}" for n in range(count)]


def write_layer(path: Path, geometries: list[shapely.Geometry], fields: dict[str, list],
                crs: str, driver: str = "GPKG") -> Path:
    """Write polygons with attribute columns (str, int, …) to ``path``."""
    ogr.write(str(path), shapely.to_wkb(np.array(geometries, dtype=object)),
              field_data=[np.array(values, dtype=object) for values in fields.values()],
              fields=list(fields), crs=crs, geometry_type="MultiPolygon"
              if any(g.geom_type == "MultiPolygon" for g in geometries) else "Polygon",
              driver=driver, **({"layer": "areas"} if driver == "GPKG" else {}))
    return path


def zipped_shapefile(folder: Path, geometries: list[shapely.Geometry], fields: dict[str, list],
                     crs: str) -> bytes:
    """A Shapefile as municipalities send it: zipped, in a folder inside the zip."""
    write_layer(folder / "distrikt.shp", geometries, fields, crs, driver="ESRI Shapefile")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for part in sorted(folder.glob("distrikt.*")):
            archive.write(part, f"Distrikt 2025/{part.name}")
    return buffer.getvalue()
