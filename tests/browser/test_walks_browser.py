"""A safety walk on phones: two participants join with the code, record observations, the leader
closes the walk, and the protocol and GeoJSON come out right."""

from __future__ import annotations

import json

import geojson
from playwright.sync_api import expect
from sqlalchemy import select

from surveyapp.auth.models import User
from surveyapp.db import db
from surveyapp.walks.models import Observation, Walk
from tests.browser.conftest import assert_accessible

PASSWORD = "a long enough leader password"


def staff_user(live_server, email: str, roles: list[str]) -> None:
    """A staff account in the live server's database (created once per session)."""
    with live_server["app"].app_context():
        if db.session.scalar(select(User).where(User.email == email)) is None:
            user = User(email=email, roles=roles)
            user.set_password(PASSWORD)
            db.session.add(user)
            db.session.commit()


def log_in(page, email: str) -> None:
    page.goto("/login?lang=sv")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.locator("form button[type=submit]").click()


def join_and_open_form(page, code: str) -> None:
    page.goto("/vandring?lang=sv")
    page.fill("#code", code)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.url.endswith("/vandring/observera")


def record(page, category: str, description: str, severity: str, place: str = "",
           saved: bool = True) -> None:
    """Fill and save the form: saved in place by the page's script, or (``saved=False``)
    refused, when the script posts it the plain way and the server's page shows the errors."""
    page.select_option("#category", category)
    page.fill("#description", description)
    page.locator(f'label[for="severity-{severity}"]').click()
    if place:
        page.fill("#place_description", place)
    if saved:
        page.locator("main form button[type=submit]").first.click()
        expect(page.locator("[data-saved-status]")).to_contain_text("är sparad")
        return
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()


def test_walk_with_two_participants_protocol_and_geojson(phone, live_server):
    staff_user(live_server, "leader@exempelby.se", ["walk_leader"])
    leader = phone().new_page()
    errors: list[str] = []
    leader.on("console", lambda message: errors.append(message.text)
              if message.type == "error" else None)
    log_in(leader, "leader@exempelby.se")
    leader.goto("/staff/walks/new?lang=sv")
    leader.select_option("#area", label="Söderby")
    leader.fill("#date", "2026-11-25")
    leader.fill("#meeting_point", "Skolans parkering")
    with leader.expect_navigation():
        leader.locator("main form button[type=submit]").click()
    code = leader.locator("#join-code").inner_text().strip()
    assert_accessible(leader, "staff walk page")
    assert len(code) == 6

    walking = phone()
    walking.grant_permissions(["geolocation"])
    walking.set_geolocation({"latitude": 57.6523, "longitude": 14.6789, "accuracy": 10})
    first = walking.new_page()
    join_and_open_form(first, code.lower())
    assert_accessible(first, "observation form")
    first.get_by_role("button", name="Använd min position").click()
    # A locator wait, not wait_for_function: the page's CSP forbids the eval a string needs.
    expect(first.locator("[data-locate-lat]")).not_to_have_value("")
    record(first, "belysning", "Trasig gatlampa vid skolan", "3")
    assert first.locator(".note[role=status]").is_visible()
    expect(first.locator("main ol")).to_contain_text("Trasig gatlampa")
    expect(first.locator("[data-locate-lat]")).to_have_value("")  # the form is empty again

    second = phone().new_page()
    second.goto("/vandring?lang=sv")
    assert_accessible(second, "join page")
    join_and_open_form(second, code)
    record(second, "vegetation", "", "2", saved=False)  # no description, no place: errors
    assert second.locator(".error-summary").is_visible()
    assert_accessible(second, "observation form with errors")
    record(second, "vegetation", "Täta buskar längs gångvägen", "2",
           place="Gångvägen bakom idrottshallen")

    leader.reload()
    with leader.expect_navigation():
        leader.get_by_role("button", name="Stäng vandringen").click()
    second.reload()
    assert second.locator("h1").inner_text() == "Vandringen är avslutad"

    walk_id = leader.url.rstrip("/").rsplit("/", 1)[1]
    leader.goto(f"/staff/walks/{walk_id}/protocol")
    table = leader.locator("main table").inner_text()
    assert "Trasig gatlampa vid skolan" in table and "Gångvägen bakom idrottshallen" in table
    leader.wait_for_selector(".leaflet-container .leaflet-interactive")
    assert leader.locator(".leaflet-interactive").count() >= 2, "a marker and the area outline"
    assert errors == [], "no script or Content-Security-Policy errors"
    assert_accessible(leader, "protocol with map")

    response = leader.request.get(f"/staff/walks/{walk_id}.geojson")
    assert response.headers["content-type"] == "application/geo+json"
    data = json.loads(response.body())
    assert geojson.loads(response.text()).is_valid
    assert "crs" not in data and data["type"] == "FeatureCollection"
    located = [f for f in data["features"] if f["geometry"]]
    assert located[0]["geometry"]["coordinates"] == [14.6789, 57.6523], "[lng, lat] order"
    assert all(isinstance(n, float) for n in located[0]["geometry"]["coordinates"])
    with live_server["app"].app_context():
        walk = db.session.get(Walk, int(walk_id))
        assert walk.status == "closed"
        stored = db.session.scalars(select(Observation).where(Observation.walk_id == walk.id)).all()
        assert sorted(o.category for o in stored) == ["belysning", "vegetation"]
