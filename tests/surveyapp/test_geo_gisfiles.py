"""Areas from GeoPackage (SWEREF 99 TM), zipped Shapefile (SWEREF 99 18 00) and GeoJSON:
reprojected with pyproj, checked against points placed in the source CRS, borders still
shared after simplification, problems named with the feature's code."""

from __future__ import annotations

import io
import json
import zipfile

import numpy as np
import pytest
import shapely
from pyproj import Transformer
from sqlalchemy import select

from surveyapp.db import db
from surveyapp.geo.areafile import AreaOptions
from surveyapp.geo.models import Area
from surveyapp.geo.services import AreaImportError, area_at, import_areas, parse_areas
from tests.conftest import csrf_token
from tests.surveyapp.gis_data import codes, coverage, write_layer, zipped_shapefile


def _test_points(polygons, codes_, crs: str, count: int = 300, margin: float = 30.0, seed=2):
    """Random points in the source CRS, away from every border, with the code of the polygon
    holding each (shapely in the source CRS) and their WGS84 position (pyproj)."""
    rng = np.random.default_rng(seed)
    west, south, east, north = shapely.total_bounds(polygons)
    pad = (east - west) * 0.05
    xs = rng.uniform(west - pad, east + pad, count)
    ys = rng.uniform(south - pad, north + pad, count)
    borders = shapely.union_all(shapely.boundary(polygons))
    points = shapely.points(xs, ys)
    keep = shapely.distance(points, borders) > margin
    to_wgs84 = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    out = []
    for point in points[keep]:
        inside = [c for p, c in zip(polygons, codes_, strict=True) if p.contains(point)]
        lng, lat = to_wgs84.transform(point.x, point.y)
        out.append((lat, lng, inside[0] if inside else None))
    assert any(code is None for *_p, code in out) and len({c for *_p, c in out}) > 5
    return out


def _hole_and_enclave(polygons):
    """Give the first polygon a hole filled by an enclave area (still a coverage)."""
    first = polygons[0]
    enclave = shapely.buffer(shapely.centroid(first), 150, quad_segs=4)
    return [first.difference(enclave), *polygons[1:], enclave]


def test_geopackage_in_sweref99tm_keeps_every_test_point_in_its_area(app, tmp_path):
    polygons = _hole_and_enclave(coverage(5, 4))
    names = codes(len(polygons))
    path = write_layer(tmp_path / "deso.gpkg", polygons,
                       {"deso": names, "kommun": ["0682"] * len(names),
                        "befolkning": list(range(len(names)))}, "EPSG:3006")
    points = _test_points(polygons, names, "EPSG:3006")
    with app.app_context():
        result = import_areas(path.read_bytes(), "deso", filename="DeSO_2025.gpkg")
        assert sorted(result.created) == sorted(names)
        areas = list(db.session.scalars(select(Area)))
        got = [(a.code if (a := area_at(areas, lat, lng)) else None) for lat, lng, _c in points]
        assert got == [code for *_p, code in points]
        stored = next(a for a in areas if a.code == names[0])
        assert stored.name == names[0] and len(stored.geometry["coordinates"]) == 2  # hole kept
        lng, lat = stored.geometry["coordinates"][0][0]
        assert 14 < lng < 16 and 57 < lat < 58  # WGS84, longitude first


def test_zipped_shapefile_in_sweref99_1800_with_chosen_columns(app, tmp_path):
    polygons = coverage(3, 2, west=140_000, south=6_570_000, size=2_000)  # Stockholm, 3011
    district = [f"D{n:02d}" for n in range(len(polygons))]
    data = zipped_shapefile(tmp_path, polygons, {
        "DISTKOD": district, "DISTNAMN": [f"Distrikt {n} – Väst" for n in range(len(polygons))],
        "OBJID": list(range(100, 100 + len(polygons)))}, "EPSG:3011")
    points = _test_points(polygons, district, "EPSG:3011", seed=5)
    options = AreaOptions(code_column="distkod", name_column="DISTNAMN")
    with app.app_context():
        import_areas(data, "district", filename="distrikt.zip", options=options)
        areas = list(db.session.scalars(select(Area)))
        assert {a.name for a in areas} == {f"Distrikt {n} – Väst" for n in range(6)}
        got = [(a.code if (a := area_at(areas, lat, lng)) else None) for lat, lng, _c in points]
        assert got == [code for *_p, code in points]
        lng, lat = areas[0].geometry["coordinates"][0][0]
        assert 17.5 < lng < 18.5 and 59 < lat < 60


def _feature_collection(polygons, properties, crs=None) -> str:
    data = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": props, "geometry": shapely.geometry.mapping(p)}
        for p, props in zip(polygons, properties, strict=True)]}
    if crs:
        data["crs"] = {"type": "name", "properties": {"name": crs}}
    return json.dumps(data)


def test_geojson_wgs84_and_geojson_naming_sweref99tm():
    sweref = coverage(2, 2)
    to_wgs84 = Transformer.from_crs("EPSG:3006", "EPSG:4326", always_xy=True)
    wgs84 = [shapely.transform(p, lambda xy: np.column_stack(to_wgs84.transform(*xy.T)))
             for p in sweref]
    props = [{"omr": f"O{n}", "namn": f"Område {n}"} for n in range(4)]
    options = AreaOptions(code_column="omr", simplify_m=0)
    plain = parse_areas(_feature_collection(wgs84, props), "district", options=options)
    named = parse_areas(_feature_collection(sweref, props, "urn:ogc:def:crs:EPSG::3006"),
                        "district", options=options)
    assert [a.code for a in plain] == ["O0", "O1", "O2", "O3"]
    assert [a.name for a in named] == ["Område 0", "Område 1", "Område 2", "Område 3"]
    for a, b in zip(plain, named, strict=True):
        assert np.allclose(shapely.get_coordinates(shapely.geometry.shape(a.geometry)),
                           shapely.get_coordinates(shapely.geometry.shape(b.geometry)),
                           atol=1e-7)


def test_invalid_geometry_is_named_with_the_features_code(app, tmp_path):
    polygons = coverage(2, 1)
    bowtie = shapely.Polygon([(441000, 6390000), (442000, 6391000), (442000, 6390000),
                              (441000, 6391000)])
    path = write_layer(tmp_path / "bad.gpkg", [polygons[0], bowtie],
                       {"deso": ["0682A0010", "0682A0020"]}, "EPSG:3006")
    with app.test_request_context("/?lang=en"), pytest.raises(AreaImportError) as caught:
        import_areas(path.read_bytes(), "deso", filename="bad.gpkg")
    assert caught.value.problems == [
        "Feature 2 (0682A0020): the geometry is not valid: Self-intersection[441500 6390500]"]
    with app.app_context():
        assert db.session.scalar(select(Area.id)) is None


def test_file_problems_are_explained(tmp_path):
    polygons = coverage(1, 1)
    path = write_layer(tmp_path / "x.gpkg", polygons, {"deso": ["A"]}, "EPSG:3006")
    with pytest.raises(AreaImportError) as caught:
        parse_areas(path.read_bytes(), "deso", "x.gpkg", AreaOptions(code_column="regsokod"))
    assert caught.value.problems == [
        "The file has no column “regsokod”; its columns are: deso."]
    no_crs = _feature_collection(polygons, [{"code": "A"}])
    with pytest.raises(AreaImportError, match="SWEREF 99 TM, EPSG:3006"):
        parse_areas(no_crs, "deso")
    assert parse_areas(no_crs, "deso", options=AreaOptions(crs="EPSG:3006"))[0].code == "A"
    for name, data, message in [
        ("x.shp", b"", "is not a GeoPackage (.gpkg), zipped Shapefile (.zip) or GeoJSON"),
        ("x.zip", b"PK not a zip", "The file is not a zip file."),
        ("x.gpkg", b"SQLite format 3\x00 but broken", "The file cannot be read"),
    ]:
        with pytest.raises(AreaImportError) as caught:
            parse_areas(data, "deso", name)
        assert message in caught.value.problems[0]


def _shared_borders_hold(polygons) -> tuple[float, float, float]:
    union = shapely.union_all(polygons).area
    total = float(np.sum(shapely.area(polygons)))
    overlap = max(shapely.intersection(a, b).area for i, a in enumerate(polygons)
                  for b in polygons[i + 1:])
    return union, total, overlap


def test_simplification_keeps_shared_borders_shared():
    polygons = coverage(4, 3, wiggle=60, points_per_edge=40)
    fc = _feature_collection(polygons, [{"code": c} for c in codes(len(polygons))],
                             "urn:ogc:def:crs:EPSG::3006")
    kept = [shapely.geometry.shape(a.geometry)
            for a in parse_areas(fc, "deso", options=AreaOptions(simplify_m=25))]
    full = [shapely.geometry.shape(a.geometry)
            for a in parse_areas(fc, "deso", options=AreaOptions(simplify_m=0))]
    assert sum(map(shapely.get_num_coordinates, kept)) < 0.6 * sum(
        map(shapely.get_num_coordinates, full))
    union, total, overlap = _shared_borders_hold(kept)
    assert union == pytest.approx(total, rel=1e-9) and overlap < 1e-12
    assert shapely.union_all(kept).area == pytest.approx(shapely.union_all(full).area, rel=1e-3)
    # each polygon simplified on its own would open gaps and overlaps: the check can fail
    naive = [shapely.simplify(p, 25 / 111_320) for p in full]
    union, total, _overlap = _shared_borders_hold(naive)
    assert abs(union - total) > 1e-9


def test_parent_column_links_to_existing_areas(app, tmp_path):
    parent = coverage(1, 1, size=2_000)
    children = coverage(2, 2)
    with app.test_request_context("/?lang=en"):
        import_areas(write_layer(tmp_path / "regso.gpkg", parent, {"regsokod": ["0682R001"],
                                                                   "regso": ["Centrum"]},
                                 "EPSG:3006").read_bytes(), "regso", filename="regso.gpkg")
        data = write_layer(tmp_path / "deso.gpkg", children,
                           {"deso": codes(4), "regsokod": ["0682R001"] * 3 + ["0682R999"]},
                           "EPSG:3006").read_bytes()
        options = AreaOptions(parent_column="regsokod")
        with pytest.raises(AreaImportError) as caught:
            import_areas(data, "deso", filename="deso.gpkg", options=options)
        assert caught.value.problems == [
            "Feature 4 (0682A0040): unknown parent area “0682R999”."]
        data = write_layer(tmp_path / "deso2.gpkg", children,
                           {"deso": codes(4), "regsokod": ["0682R001"] * 4},
                           "EPSG:3006").read_bytes()
        import_areas(data, "deso", filename="deso.gpkg", options=options)
        regso = db.session.scalar(select(Area).where(Area.code == "0682R001"))
        assert regso.name == "Centrum"
        assert set(db.session.scalars(select(Area.code).where(Area.parent_id == regso.id))) == \
            set(codes(4))


def test_staff_page_imports_a_geopackage_with_chosen_columns(app, client, log_in, tmp_path):
    polygons = coverage(2, 1)
    data = write_layer(tmp_path / "d.gpkg", polygons, {"nr": ["N1", "N2"],
                                                       "benamning": ["Norr", "Söder"]},
                       "EPSG:3006").read_bytes()
    log_in(client, ["analyst"])
    client.get("/?lang=en")
    token = csrf_token(client, "/staff/areas/")
    response = client.post("/staff/areas/import", data={
        "csrf_token": token, "kind": "district", "code_column": "nr",
        "name_column": "benamning", "simplify": "5",
        "file": (io.BytesIO(data), "distrikt.gpkg")})
    assert response.status_code == 302, response.get_data(as_text=True)
    page = client.get("/staff/areas/").get_data(as_text=True)
    assert "N1" in page and "Söder" in page
    response = client.post("/staff/areas/import", data={
        "csrf_token": token, "kind": "district", "code_column": "kod",
        "file": (io.BytesIO(data), "distrikt.gpkg")})
    assert response.status_code == 422
    assert "The file has no column “kod”; its columns are: nr, benamning." in \
        response.get_data(as_text=True)


def test_cli_imports_a_shapefile_without_prj_given_its_crs(app, tmp_path):
    polygons = coverage(2, 1, west=140_000, south=6_570_000)
    data = zipped_shapefile(tmp_path, polygons, {"NR": ["S1", "S2"]}, "EPSG:3011")
    with io.BytesIO(data) as buffer, zipfile.ZipFile(buffer) as archive:
        parts = {n: archive.read(n) for n in archive.namelist() if not n.endswith(".prj")}
    path = tmp_path / "utan_prj.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["geo", "import", str(path), "--code-column", "NR"])
    assert refused.exit_code == 1 and "EPSG:3006" in refused.output
    done = runner.invoke(args=["geo", "import", str(path), "--code-column", "NR", "--crs", "3011",
                               "--simplify", "0"])
    assert done.exit_code == 0, done.output
    assert "2 created" in done.output
    with app.app_context():
        area = db.session.scalar(select(Area).where(Area.code == "S1"))
        lng, lat = area.geometry["coordinates"][0][0]
        assert 17.5 < lng < 18.5 and 59 < lat < 60
