"""Safety walks through the test client: leader, participants, bad input, protocol, exports."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from surveyapp.csv_dialects import EXCEL_SV
from surveyapp.db import db
from surveyapp.geo.models import Area
from surveyapp.walks.models import Observation, Walk

OBSERVATION = {"category": "belysning", "description": "Mörk gångtunnel", "severity": "3",
               "proposal": "Fler lampor", "place_description": "", "lat": "57.6401",
               "lng": "14.6712"}


def token(html: str) -> str:
    """The CSRF token of the first form in ``html``."""
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token"
    return match.group(1)


def area_id(app: Flask, code: str = "0682R001") -> int:
    """An area's id, created when missing."""
    with app.app_context():
        area = db.session.scalar(select(Area).where(Area.code == code))
        if area is None:
            area = Area(code=code, name=f"Område {code}", kind="district",
                        geometry={"type": "Polygon", "coordinates": [[[14.66, 57.63], [14.69, 57.63],
                                  [14.69, 57.65], [14.66, 57.65], [14.66, 57.63]]]})
            db.session.add(area)
            db.session.commit()
        return area.id


def create_walk(app: Flask, leader: FlaskClient, **fields) -> tuple[int, str]:
    """Create a walk through the leader's form; returns its id and join code."""
    html = leader.get("/staff/walks/new").text
    data = {"csrf_token": token(html), "area": str(area_id(app)), "date": "2026-11-20",
            "meeting_point": "Stationens entré", "route": "", **fields}
    response = leader.post("/staff/walks/new", data=data)
    assert response.status_code == 302, response.text
    walk_id = int(response.headers["Location"].rsplit("/", 1)[1])
    with app.app_context():
        return walk_id, db.session.get(Walk, walk_id).join_code


def join(client: FlaskClient, code: str):
    """A participant types the code."""
    html = client.get("/vandring").text
    return client.post("/vandring", data={"csrf_token": token(html), "code": code})


def observe(client: FlaskClient, **fields):
    """A participant saves an observation (defaults: a located lighting problem)."""
    html = client.get("/vandring/observera").text
    return client.post("/vandring/observera",
                       data={"csrf_token": token(html), **OBSERVATION, **fields})


def count_observations(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Observation))


def test_two_participants_record_and_leader_closes(app, log_in):
    leader = log_in(app.test_client(), ["walk_leader"])
    walk_id, code = create_walk(app, leader)
    page = leader.get(f"/staff/walks/{walk_id}").text
    assert code in page and "Stationens entré" in page
    assert f'href="http://localhost/vandring?kod={code}"' in page, "a direct join link"

    first, second = app.test_client(), app.test_client()
    assert join(first, code.lower()).headers["Location"].endswith("/vandring/observera")
    assert join(second, f" {code[:3]}-{code[3:]} ").status_code == 303
    assert observe(first).status_code == 303
    assert observe(second, lat="", lng="", place_description="Busshållplatsen vid torget",
                   category="grupper", severity="2").status_code == 303
    own = first.get("/vandring/observera?saved=1").text
    assert "Mörk gångtunnel" in own and "Busshållplatsen" not in own, "a participant sees only their own"

    closed = leader.post(f"/staff/walks/{walk_id}/close",
                         data={"csrf_token": token(page)})
    assert closed.status_code == 302
    assert observe(second).status_code == 409
    assert join(app.test_client(), code).status_code == 410
    assert count_observations(app) == 2

    protocol = leader.get(f"/staff/walks/{walk_id}/protocol").text
    assert "Mörk gångtunnel" in protocol and "Busshållplatsen vid torget" in protocol
    assert "57.64010, 14.67120" in protocol


def test_observation_without_javascript_needs_a_place(app, log_in):
    leader = log_in(app.test_client(), ["walk_leader"])
    _walk_id, code = create_walk(app, leader)
    participant = app.test_client()
    join(participant, code)
    response = observe(participant, lat="", lng="", place_description="")
    assert response.status_code == 422
    assert "Beskriv platsen" in response.text or "Describe the place" in response.text
    assert count_observations(app) == 0


@pytest.mark.parametrize(("fields", "field"), [
    ({"lat": "91", "lng": "14.6"}, "position"),
    ({"lat": "57.6", "lng": "-180.5"}, "position"),
    ({"lat": "nan", "lng": "14.6"}, "position"),
    ({"lat": "57.6", "lng": ""}, "position"),
    ({"category": "ufo"}, "category"),
    ({"severity": "4"}, "severity"),
    ({"description": ""}, "description"),
    ({"description": "x" * 10_000}, "description"),
    ({"proposal": "y" * 10_000}, "proposal"),
])
def test_bad_observations_are_refused_and_nothing_is_stored(app, fields, field, log_in):
    leader = log_in(app.test_client(), ["walk_leader"])
    _walk_id, code = create_walk(app, leader)
    participant = app.test_client()
    join(participant, code)
    response = observe(participant, **fields)
    assert response.status_code == 422
    assert 'class="error-summary"' in response.text
    target = "place_description" if field == "position" else field
    assert f'href="#{target}"' in response.text
    assert count_observations(app) == 0


def test_script_tags_are_stored_as_text_and_escaped(app, log_in):
    leader = log_in(app.test_client(), ["walk_leader"])
    walk_id, code = create_walk(app, leader)
    participant = app.test_client()
    join(participant, code)
    evil = '<script>alert("x")</script>'
    assert observe(participant, description=evil, proposal=evil).status_code == 303
    for html in (participant.get("/vandring/observera").text,
                 leader.get(f"/staff/walks/{walk_id}/protocol").text):
        assert evil not in html
        assert "&lt;script&gt;alert(" in html
    data = json.loads(leader.get(f"/staff/walks/{walk_id}.geojson").data)
    assert data["features"][0]["properties"]["description"] == evil


def test_wrong_codes_are_rate_limited(app, log_in):
    leader = log_in(app.test_client(), ["walk_leader"])
    _walk_id, code = create_walk(app, leader)
    participant = app.test_client()
    for _ in range(10):
        assert join(participant, "ZZZZZZ").status_code == 422
    refused = join(participant, code)
    assert refused.status_code == 429, "even the right code waits once the limit is used up"
    assert join(app.test_client(), "").status_code in (422, 429)


def test_geojson_export_is_rfc7946(app, log_in):
    leader = log_in(app.test_client(), ["walk_leader"])
    route = {"type": "LineString", "coordinates": [[14.67, 57.64], [14.68, 57.645]]}
    walk_id, code = create_walk(app, leader, route=json.dumps(route))
    participant = app.test_client()
    join(participant, code)
    observe(participant)
    observe(participant, lat="", lng="", place_description="Vid torget")
    response = leader.get(f"/staff/walks/{walk_id}.geojson")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/geo+json"
    data = json.loads(response.data)
    assert data["type"] == "FeatureCollection" and "crs" not in data
    located, unlocated = data["features"]  # one geometry type: the route is a file of its own
    assert located["geometry"] == {"type": "Point", "coordinates": [14.6712, 57.6401]}
    assert located["properties"]["severity"] == 3
    assert unlocated["geometry"] is None
    assert unlocated["properties"]["place_description"] == "Vid torget"
    routed = leader.get(f"/staff/walks/{walk_id}-route.geojson")
    assert routed.status_code == 200
    assert routed.headers["Content-Type"] == "application/geo+json"
    assert "-rutt.geojson" in routed.headers["Content-Disposition"]
    (line,) = json.loads(routed.data)["features"]
    assert line["geometry"] == route and line["properties"]["kind"] == "route"
    page = leader.get(f"/staff/walks/{walk_id}").get_data(as_text=True)
    assert f"/staff/walks/{walk_id}-route.geojson" in page
    assert f"/staff/walks/{walk_id}.csv?format=rfc4180" in page
    protocol = leader.get(f"/staff/walks/{walk_id}/protocol").get_data(as_text=True)
    drawn = json.loads(protocol.split('data-features="', 1)[1].split('"', 1)[0]
                       .replace("&#34;", '"').replace("&quot;", '"'))
    assert route in [f["geometry"] for f in drawn["features"]]  # the protocol map draws it

    import geojson

    for body in (response.data, routed.data):
        parsed = geojson.loads(body.decode("utf-8"))
        assert parsed.is_valid, parsed.errors()


def test_a_walk_without_a_route_has_no_route_file(app, log_in):
    leader = log_in(app.test_client(), ["walk_leader"])
    walk_id, _code = create_walk(app, leader)
    assert leader.get(f"/staff/walks/{walk_id}-route.geojson").status_code == 404
    assert "-route.geojson" not in leader.get(f"/staff/walks/{walk_id}").get_data(as_text=True)


def test_csv_export_for_excel(app, log_in):
    leader = log_in(app.test_client(), ["walk_leader"])
    walk_id, code = create_walk(app, leader)
    participant = app.test_client()
    join(participant, code)
    observe(participant, description="=HYPERLINK(\"http://evil\")", proposal="Åtgärda")
    response = leader.get(f"/staff/walks/{walk_id}.csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.data.startswith(b"\xef\xbb\xbf")
    assert response.data.count(b"\xef\xbb\xbf") == 1
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"), newline=""),
                               delimiter=EXCEL_SV.delimiter))
    assert len(rows) == 1
    assert rows[0]["description"].startswith("'="), "no formula runs in a spreadsheet"
    assert rows[0]["proposal"] == "Åtgärda"
    assert rows[0]["lat"] == "57,6401" and rows[0]["area_code"] == "0682R001"
    assert rows[0]["severity"] == "3"
    plain = leader.get(f"/staff/walks/{walk_id}.csv?format=rfc4180")
    assert plain.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert not plain.data.startswith(b"\xef\xbb\xbf") and b"\r\n" in plain.data
    (row,) = csv.DictReader(io.StringIO(plain.data.decode("utf-8"), newline=""))
    assert row["lat"] == "57.6401" and row["description"] == rows[0]["description"]
    from surveyapp.auth.models import AuditEvent

    with app.app_context():
        events = db.session.scalars(select(AuditEvent.object).where(AuditEvent.action == "export"))
        assert list(events) == [f"walk {walk_id} CSV"] * 2, "exports are traceable"


def test_walk_form_errors(app, log_in):
    leader = log_in(app.test_client(), ["walk_leader"])
    html = leader.get("/staff/walks/new").text
    response = leader.post("/staff/walks/new", data={
        "csrf_token": token(html), "area": "999999", "date": "25/11", "meeting_point": "",
        "route": '{"type": "LineString", "coordinates": [[200, 57], [14, 57]]}'})
    assert response.status_code == 422
    for field in ("area", "date", "meeting_point", "route"):
        assert f'href="#{field}"' in response.text
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Walk)) == 0


def test_staff_routes_refuse_anonymous_and_wrong_roles(app, log_in):
    leader = log_in(app.test_client(), ["walk_leader"])
    walk_id, _code = create_walk(app, leader)
    anonymous = app.test_client()
    for path in ("/staff/walks", f"/staff/walks/{walk_id}", f"/staff/walks/{walk_id}/protocol",
                 f"/staff/walks/{walk_id}.geojson", f"/staff/walks/{walk_id}.csv",
                 "/staff/walks/new"):
        response = anonymous.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"], path
    analyst = log_in(app.test_client(), ["analyst"])
    assert analyst.get(f"/staff/walks/{walk_id}.geojson").status_code == 403
    other_leader = log_in(app.test_client(), ["walk_leader"], "other@example.se")
    assert other_leader.get(f"/staff/walks/{walk_id}").status_code == 404  # not their walk
    form = other_leader.get("/staff/walks/new").text
    assert other_leader.post(f"/staff/walks/{walk_id}/close",
                             data={"csrf_token": token(form)}).status_code == 404
    owner = log_in(app.test_client(), ["action_owner"])
    assert owner.get(f"/staff/walks/{walk_id}/protocol").status_code == 200
    assert owner.get("/staff/walks/new").status_code == 403
