"""The public dialogue map: adding pins (map and list), bad input, what the public sees."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from surveyapp.db import db
from surveyapp.dialogue.models import Dialogue, Pin
from surveyapp.geo.geometry import contains
from surveyapp.geo.models import Area
from tests.conftest import csrf_token

SLUG = "trygghet-2026"
MAP = f"/karta/{SLUG}"
# Demo grid: Centrum lng 14.66-14.69 / lat 57.63-57.65; Norrmalm lng 14.69-14.72 / same lat.
IN_NORRMALM = {"lat": "57.64", "lng": "14.70"}


def make_dialogue(app, opens_in: int = -1, closes_in: int = 30) -> None:
    """The demo areas and a dialogue over them."""
    from surveyapp.demo import DEMO_AREAS, square

    with app.app_context():
        areas = [Area(code=code, name=name, kind="district", geometry=square(row, column))
                 for code, name, row, column in DEMO_AREAS]
        db.session.add_all(areas)
        today = date.today()
        db.session.add(Dialogue(slug=SLUG, name="Trygghetskartan", areas=areas,
                                opens=today + timedelta(days=opens_in),
                                closes=today + timedelta(days=closes_in)))
        db.session.commit()


def post_pin(client, **fields):
    data = {"csrf_token": csrf_token(client, MAP + "?lang=en"), "category": "belysning", **fields}
    return client.post(f"{MAP}/pins", data=data)


def pins(app) -> list[Pin]:
    with app.app_context():
        found = list(db.session.scalars(select(Pin).order_by(Pin.id)))
        for pin in found:
            _ = pin.area
        db.session.expunge_all()
        return found


@pytest.fixture
def dialogue(app):
    make_dialogue(app)
    return SLUG


def test_map_page_has_the_form_and_the_list_without_javascript(client, dialogue):
    html = client.get(MAP).get_data(as_text=True)
    assert 'id="map"' in html and 'name="category"' in html and 'name="area"' in html
    assert "Norrmalm" in html and 'name="place_description"' in html
    assert "/vendor/leaflet/leaflet.js" in html
    assert "<script>" not in html and "style=" not in html


def test_vendored_assets_are_served_locally(client):
    def fetch(path):
        response = client.get(path)
        head = response.get_data()[:2000]
        response.close()
        return response.status_code, head

    status, head = fetch("/vendor/leaflet/leaflet.js")
    assert status == 200 and b"Leaflet" in head
    assert fetch("/vendor/leaflet.markercluster/leaflet.markercluster.js")[0] == 200
    assert fetch("/vendor/leaflet.heat/leaflet-heat.js")[0] == 200
    assert fetch("/vendor/axe-core/axe.min.js")[0] == 404
    assert fetch("/vendor/leaflet/../package.json")[0] == 404


def test_pin_from_the_map_without_text_is_public_at_once(app, client, dialogue):
    response = post_pin(client, time_of_day="kvall", **IN_NORRMALM)
    assert response.status_code == 303
    [pin] = pins(app)
    assert (pin.status, pin.area.code, pin.time_of_day) == ("approved", "0682R002", "kvall")
    assert pin.area_only is False
    data = client.get(f"{MAP}/pins.json").get_json()
    assert data["pins"] == [[pin.id, 57.64, 14.70, 0, 0, 0]]
    assert data["categories"][0] == "belysning"


def test_pin_from_the_list_lands_inside_the_chosen_area_and_waits(app, client, dialogue):
    response = post_pin(client, area="0682R004", place_description="Gångtunneln vid skolan")
    assert response.status_code == 303
    [pin] = pins(app)
    assert pin.status == "pending" and pin.area.code == "0682R004"
    assert contains(pin.area.geometry, pin.lat, pin.lng)
    assert pin.area_only is True  # its position only says which area
    assert client.get(f"{MAP}/pins.json").get_json()["pins"] == []
    assert client.get(f"{MAP}/pins/{pin.id}.json").status_code == 404
    assert "Gångtunneln" not in client.get(MAP).get_data(as_text=True)


def test_the_point_decides_the_area_not_the_select(app, client, dialogue):
    post_pin(client, area="0682R001", **IN_NORRMALM)
    assert pins(app)[0].area.code == "0682R002"


def test_outside_the_municipality_is_refused(app, client, dialogue):
    response = post_pin(client, lat="59.33", lng="18.06", comment="Stockholm")
    assert response.status_code == 422
    assert "outside the area of this map" in response.get_data(as_text=True)
    assert pins(app) == []


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"lat": "91", "lng": "14.7"}, "The position on the map is not valid"),
        ({"lat": "57.64", "lng": "-181"}, "The position on the map is not valid"),
        ({"lat": "nan", "lng": "14.7"}, "The position on the map is not valid"),
        ({"lat": "57.64"}, "The position on the map is not valid"),
        ({}, "Mark the place on the map or choose an area"),
        ({"area": "9999"}, "Choose an area from the list."),
        ({"category": "weapons", **IN_NORRMALM}, "Choose a category from the list."),
        ({"time_of_day": "lunch", **IN_NORRMALM}, "Choose a time of day from the list."),
        ({"comment": "x" * 10_000, **IN_NORRMALM}, "10000 characters, at most 1000"),
        ({"place_description": "y" * 201, **IN_NORRMALM}, "201 characters, at most 200"),
    ],
)
def test_bad_input_gets_a_clear_error_and_stores_nothing(app, client, dialogue, fields, message):
    response = post_pin(client, **fields)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert pins(app) == []


def test_script_is_escaped_everywhere(app, client, dialogue):
    post_pin(client, comment="<script>alert(1)</script> mörkt", **IN_NORRMALM)
    [pin] = pins(app)
    with app.app_context():
        db.session.get(Pin, pin.id).status = "approved"
        db.session.commit()
    html = client.get(MAP).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; mörkt" in html
    detail = client.get(f"{MAP}/pins/{pin.id}.json")
    assert detail.mimetype == "application/json"
    assert detail.get_json()["comment"] == "<script>alert(1)</script> mörkt"


def test_comment_with_personal_data_is_flagged(app, client, dialogue):
    post_pin(client, comment="Han heter Kalle, ring 070-123 45 67", **IN_NORRMALM)
    [pin] = pins(app)
    assert pin.status == "pending" and pin.flags == ["name", "phone"]


def test_me_too_counts_only_public_pins(app, client, dialogue):
    post_pin(client, **IN_NORRMALM)
    post_pin(client, comment="väntar", **IN_NORRMALM)
    public, waiting = pins(app)
    token = csrf_token(client, MAP)
    assert client.post(f"{MAP}/pins/{public.id}/me-too", data={"csrf_token": token}).status_code == 303
    response = client.post(f"{MAP}/pins/{public.id}/me-too", headers={
        "X-CSRFToken": token, "Accept": "application/json"})
    assert response.get_json() == {"me_too": 2}
    assert client.post(f"{MAP}/pins/{waiting.id}/me-too", data={"csrf_token": token}).status_code == 404
    assert [pin.me_too for pin in pins(app)] == [2, 0]


def test_rate_limit_refuses_and_stores_nothing(app, client, dialogue, monkeypatch):
    monkeypatch.setitem(app.config, "DIALOGUE_RATE_LIMIT", 2)
    assert post_pin(client, **IN_NORRMALM).status_code == 303
    assert post_pin(client, **IN_NORRMALM).status_code == 303
    response = post_pin(client, **IN_NORRMALM)
    assert response.status_code == 429
    assert "many places in a short time" in response.get_data(as_text=True)
    assert len(pins(app)) == 2


def test_closed_dialogue_takes_no_pins(app, client):
    make_dialogue(app, opens_in=-30, closes_in=-1)
    html = client.get(MAP).get_data(as_text=True)
    assert 'name="category"' not in html
    token = csrf_token(client, "/login")
    response = client.post(f"{MAP}/pins", data={"csrf_token": token, "category": "belysning",
                                                **IN_NORRMALM})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Pin)) == 0


def test_list_alternative_counts_by_area_and_category(app, client, dialogue):
    post_pin(client, **IN_NORRMALM)
    post_pin(client, category="trafik", **IN_NORRMALM)
    post_pin(client, category="trafik", **IN_NORRMALM)
    html = client.get(MAP + "?lang=en").get_data(as_text=True)
    assert "(3 in total)" in html
    row = html.split("Traffic</td><td>", 1)[1]
    assert row.startswith("2<")


def test_unknown_dialogue_is_404(client):
    assert client.get("/karta/nope").status_code == 404
    assert client.get("/karta/nope/pins.json").status_code == 404


def test_persian_comment_keeps_its_zero_width_non_joiner(app, client, dialogue):
    # Before the shared cleaner the map dropped U+200C and stored "میخواهم", another spelling.
    post_pin(client, comment="می\u200cخواهم \u202eنور\u202c 👩\u200d👩\u200d👧", **IN_NORRMALM)
    [pin] = pins(app)
    assert pin.comment == "می\u200cخواهم نور 👩\u200d👩\u200d👧"


def test_a_pin_sent_twice_with_its_entry_key_is_stored_once(app, client, dialogue):
    wants_json = {"Accept": "application/json"}
    data = {"csrf_token": csrf_token(client, MAP + "?lang=en"), "category": "belysning",
            "entry_key": "p" * 24, **IN_NORRMALM}
    first = client.post(f"{MAP}/pins", data=data, headers=wants_json)
    again = client.post(f"{MAP}/pins", data=data, headers=wants_json)
    other = client.post(f"{MAP}/pins", data={**data, "entry_key": "q" * 24}, headers=wants_json)
    assert (first.status_code, again.status_code, other.status_code) == (201, 201, 201)
    assert first.json == {"status": "approved", "next": f"{MAP}#added"}
    assert len(pins(app)) == 2
    malformed = client.post(f"{MAP}/pins", data={**data, "entry_key": "short"},
                            headers=wants_json)
    assert malformed.status_code == 201 and len(pins(app)) == 3, "stored, as without a key"
    refused = client.post(f"{MAP}/pins", data={**data, "category": "", "entry_key": "r" * 24},
                          headers=wants_json)
    assert refused.status_code == 422 and set(refused.json["errors"]) == {"category"}
    assert len(pins(app)) == 3


def test_the_dialogue_areas_are_geojson_of_polygons(app, client, dialogue):
    from surveyapp.demo import DEMO_AREAS

    response = client.get(f"{MAP}/areas.geojson")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/geo+json"
    collection = response.get_json()
    assert collection["type"] == "FeatureCollection"
    assert {f["properties"]["code"] for f in collection["features"]} == {
        code for code, *_rest in DEMO_AREAS}
    assert {f["geometry"]["type"] for f in collection["features"]} <= {"Polygon", "MultiPolygon"}
