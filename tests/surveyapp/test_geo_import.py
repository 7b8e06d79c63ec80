"""Importing areas from GeoJSON: all or nothing, every problem named; the staff page and CLI."""

from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import func, select

from surveyapp.db import db
from surveyapp.geo.models import Area
from surveyapp.geo.services import AreaImportError, area_at, import_areas, parse_areas
from tests.conftest import csrf_token


def _square(west: float, south: float, size: float = 0.01) -> dict:
    ring = [[west, south], [west + size, south], [west + size, south + size],
            [west, south + size], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


def _collection(*features, crs=None) -> str:
    data = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": props, "geometry": geometry}
        for props, geometry in features
    ]}
    if crs:
        data["crs"] = {"type": "name", "properties": {"name": crs}}
    return json.dumps(data)


DESO = _collection(
    ({"deso": "0682A0010", "name": "Nässjö centrum"}, _square(14.69, 57.65)),
    ({"deso": "0682A0020", "name": "Runneryd"}, _square(14.70, 57.65)),
)


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Area))


def test_import_creates_then_updates(app):
    with app.app_context():
        result = import_areas(DESO, "deso")
        db.session.commit()
        assert result.created == ["0682A0010", "0682A0020"]
        again = import_areas(DESO.replace("Runneryd", "Runneryd norra"), "deso")
        db.session.commit()
        assert again.updated == ["0682A0010", "0682A0020"] and again.created == []
        area = db.session.scalar(select(Area).where(Area.code == "0682A0020"))
        assert (area.name, area.kind) == ("Runneryd norra", "deso")


def test_point_in_area_assignment(app):
    with app.app_context():
        import_areas(DESO, "deso")
        areas = list(db.session.scalars(select(Area)))
        assert area_at(areas, 57.655, 14.695).code == "0682A0010"
        assert area_at(areas, 57.655, 14.705).code == "0682A0020"
        assert area_at(areas, 57.70, 14.695) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("not json", "not valid JSON"),
        (json.dumps({"type": "Feature"}), "not a GeoJSON FeatureCollection"),
        (_collection(({"code": "A"}, _square(14.6, 57.6)), crs="urn:ogc:def:crs:EPSG::999999"),
         "The coordinate reference system “urn:ogc:def:crs:EPSG::999999” is not known"),
        (_collection(({"code": "A"}, _square(447000, 6390000, 1000))), "SWEREF 99"),
        (_collection(({"code": "A"}, _square(14.6, 57.6)), ({"code": "A"}, _square(14.7, 57.6))),
         "Feature 2 (A): duplicate code A, also in feature 1"),
        (_collection(({"name": "no code"}, _square(14.6, 57.6))), "Feature 1: no code"),
        (_collection(({"code": "B"}, {"type": "Polygon", "coordinates": [[[1, 1], [2, 1], [2, 2],
                                                                            [1, 2]]]})),
         "Feature 1 (B): a ring is not closed"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(text, expected):
    with pytest.raises(AreaImportError) as caught:
        parse_areas(text, "custom")
    assert any(expected in problem for problem in caught.value.problems), caught.value.problems


def test_every_problem_is_reported_and_nothing_is_stored(app):
    text = _collection(
        ({"code": "OK1"}, _square(14.6, 57.6)),
        ({"code": "OK1"}, _square(14.7, 57.6)),
        ({"code": "BAD"}, {"type": "LineString", "coordinates": [[0, 0], [1, 1]]}),
    )
    with app.test_request_context("/?lang=en"), pytest.raises(AreaImportError) as caught:
        import_areas(text, "custom")
    assert len(caught.value.problems) == 2
    assert _count(app) == 0


def test_staff_page_imports_a_file(app, client, log_in):
    assert client.get("/staff/areas/").status_code == 302
    log_in(client, ["analyst"])
    token = csrf_token(client, "/staff/areas/")
    response = client.post("/staff/areas/import", data={
        "csrf_token": token, "kind": "deso", "file": (io.BytesIO(DESO.encode()), "deso.geojson")})
    assert response.status_code == 302
    page = client.get("/staff/areas/").get_data(as_text=True)
    assert "0682A0010" in page and "Nässjö centrum" in page


def test_staff_page_shows_problems_and_stores_nothing(app, client, log_in):
    log_in(client, ["analyst"])
    token = csrf_token(client, "/staff/areas/")
    bad = _collection(({"code": "X"}, _square(447000, 6390000, 1000)))
    response = client.post("/staff/areas/import", data={
        "csrf_token": token, "kind": "deso", "file": (io.BytesIO(bad.encode()), "bad.geojson")})
    assert response.status_code == 422
    assert "SWEREF 99" in response.get_data(as_text=True)
    assert _count(app) == 0


def test_cli_import(app, tmp_path):
    path = tmp_path / "deso.geojson"
    path.write_text(DESO, encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["geo", "import", str(path), "--kind", "deso"])
    assert result.exit_code == 0, result.output
    assert "2 created" in result.output
    assert _count(app) == 2


def test_cli_reports_problems(app, tmp_path):
    path = tmp_path / "bad.geojson"
    path.write_text(_collection(({"code": "A"}, _square(14.6, 57.6)),
                                ({"code": "A"}, _square(14.7, 57.6))), encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["geo", "import", str(path)])
    assert result.exit_code == 1
    assert "bad.geojson" in result.output and "(A)" in result.output
    assert _count(app) == 0
