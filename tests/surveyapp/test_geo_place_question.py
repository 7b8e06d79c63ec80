"""The survey's place question: area from the list, optionally a map point inside that area."""

from __future__ import annotations

import pytest
from flask import render_template_string
from werkzeug.datastructures import MultiDict

from questionnaires import load_library
from surveyapp.db import db
from surveyapp.demo import DEMO_AREAS, square
from surveyapp.geo.models import Area
from surveyapp.surveys.answers import read_page

QUESTIONNAIRE = load_library("trygghet")
PLACE = next(q for q in QUESTIONNAIRE.questions() if q.id == "otrygg_plats")
HOME = next(q for q in QUESTIONNAIRE.questions() if q.id == "omrade")
CODES = {code for code, *_ in DEMO_AREAS}


@pytest.fixture
def areas(app):
    with app.app_context():
        db.session.add_all(Area(code=code, name=name, geometry=square(row, column))
                           for code, name, row, column in DEMO_AREAS)
        db.session.commit()


def read(app, question, **form):
    with app.test_request_context("/?lang=en"):
        return read_page([question], MultiDict(form), CODES)


def test_area_only_still_works(app, areas):
    result = read(app, PLACE, otrygg_plats="0682R002")
    assert result.values == {"otrygg_plats": {"area": "0682R002"}} and result.errors == {}


def test_point_inside_the_area_is_stored(app, areas):
    result = read(app, PLACE, otrygg_plats="0682R002", otrygg_plats__lat="57.64",
                  otrygg_plats__lng="14.70")
    assert result.values == {"otrygg_plats": {"area": "0682R002", "lat": 57.64, "lng": 14.7}}


@pytest.mark.parametrize(("lat", "lng"), [("57.64", "14.67"), ("91", "14.7"), ("x", "1"),
                                          ("57.64", "")])
def test_point_outside_the_area_or_invalid_is_an_error(app, areas, lat, lng):
    result = read(app, PLACE, otrygg_plats="0682R002", otrygg_plats__lat=lat,
                  otrygg_plats__lng=lng)
    assert "otrygg_plats" not in result.values
    assert "not in the chosen area" in result.errors["otrygg_plats"]


def test_home_area_never_stores_a_point(app, areas):
    result = read(app, HOME, omrade="0682R002", omrade__lat="57.64", omrade__lng="14.70")
    assert result.values == {"omrade": {"area": "0682R002"}}


def test_campaign_areas_for_the_place_map_are_served_by_the_survey(app, client, make_campaign):
    slug = make_campaign()
    response = client.get(f"/s/{slug}/areas.geojson")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/geo+json"
    collection = response.get_json()
    assert collection["type"] == "FeatureCollection"
    assert {f["properties"]["code"] for f in collection["features"]} == CODES
    assert client.get("/s/nope/areas.geojson").status_code == 404
    with app.test_request_context(f"/s/{slug}/page/1"):
        assert render_template_string("{{ place_areas_url() }}") == f"/s/{slug}/areas.geojson"
