"""Walk services alone: join codes, the failure window, route checks, exports."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from surveyapp.db import db
from surveyapp.geo.models import Area
from surveyapp.walks.exports import walk_csv, walk_geojson
from surveyapp.walks.forms import read_route
from surveyapp.walks.joining import (
    ALPHABET,
    MAX_FAILURES,
    WINDOW,
    claim_attempt,
    client_key,
    give_back_attempt,
    new_join_code,
    normalise_join_code,
)
from surveyapp.walks.models import Observation, Walk
from surveyapp.walks.services import JoinError, add_observation, close_walk, join_walk


def test_join_codes_are_short_random_and_typo_tolerant():
    codes = {new_join_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(code) == 6 and set(code) <= set(ALPHABET) for code in codes)
    assert normalise_join_code(" k7q-x2m ") == "K7QX2M"


def test_client_key_hides_the_address():
    key = client_key("secret", "192.0.2.7")
    assert "192.0.2.7" not in key and len(key) == 64
    assert key != client_key("other secret", "192.0.2.7")


def test_failures_count_only_inside_the_window(app):
    now = datetime(2026, 11, 25, 12, 0)
    with app.app_context():
        assert [claim_attempt("k", now - WINDOW) for _ in range(MAX_FAILURES + 1)] == (
            [True] * MAX_FAILURES + [False])
        assert all(claim_attempt("k", now) for _ in range(MAX_FAILURES - 1))
        give_back_attempt("k", now)  # a right code does not use the allowance up
        assert claim_attempt("k", now) and claim_attempt("k", now)
        assert not claim_attempt("k", now)
        assert claim_attempt("other", now)
        assert claim_attempt("k", now + WINDOW - timedelta(seconds=1)) is False
        assert claim_attempt("k", now + WINDOW)


def _walk(app) -> int:
    with app.app_context():
        area = Area(code="A1", name="Åby", kind="district")
        db.session.add(area)
        db.session.flush()
        walk = Walk(area_id=area.id, date=date(2026, 11, 20), meeting_point="Torget",
                    join_code="ABCDEF", status="open")
        db.session.add(walk)
        db.session.commit()
        return walk.id


def test_closed_walk_refuses_joining_and_observations(app):
    walk_id = _walk(app)
    now = datetime(2026, 11, 25, 12, 0)
    with app.test_request_context():
        walk = db.session.get(Walk, walk_id)
        assert join_walk("abc def", "s", "127.0.0.1", now).id == walk_id
        close_walk(walk)
        with pytest.raises(JoinError) as closed:
            join_walk("ABCDEF", "s", "127.0.0.1", now)
        assert closed.value.reason == "closed"
        from surveyapp.walks.services import WalkClosed

        with pytest.raises(WalkClosed):
            add_observation(walk, {"category": "annat", "description": "x", "severity": 1})


@pytest.mark.parametrize("typed", [
    "not json", '{"type": "Point", "coordinates": [14, 57]}',
    '{"type": "LineString", "coordinates": [[14, 57]]}',
    '{"type": "LineString", "coordinates": [[14, 95], [14, 57]]}',
    '{"type": "LineString", "coordinates": [["14", "57"], [14, 57]]}',
    '{"type": "LineString", "coordinates": [[true, 57], [14, 57]]}',
])
def test_bad_routes_are_refused(app, typed):
    with app.test_request_context():
        route, error = read_route(typed)
    assert route is None and error


def test_route_from_a_feature_is_kept_as_its_geometry(app):
    with app.test_request_context():
        route, error = read_route('{"type": "Feature", "properties": {}, "geometry": '
                                  '{"type": "LineString", "coordinates": [[14.1, 57.1], [14.2, 57.2, 3]]}}')
    assert error is None
    assert route == {"type": "LineString", "coordinates": [[14.1, 57.1], [14.2, 57.2]]}


def test_exports_in_the_download_language(app):
    walk_id = _walk(app)
    with app.test_request_context():
        db.session.add(Observation(walk_id=walk_id, lat=None, lng=None, place_description="Torget",
                                   category="belysning", description="Mörkt", severity=2,
                                   proposal="-1 lampa"))
        db.session.flush()
        walk = db.session.get(Walk, walk_id)
        db.session.refresh(walk)
        data = walk_geojson(walk, "en")
        text = walk_csv(walk, "uk")
    [feature] = data["features"]
    assert feature["properties"]["category_label"] == "Lighting"
    assert feature["geometry"] is None
    header, row = text.lstrip("\ufeff").strip().split("\r\n")
    assert header.split(";")[:3] == ["observation_id", "walk_id", "walk_date"]
    assert "Освітлення" in row and "'-1 lampa" in row
    assert row.split(";")[-2:] == ["", ""], "no position: empty lat and lng"
