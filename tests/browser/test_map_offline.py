"""A resident on the dialogue map without a connection: two places (one from the list, one
tapped on the map) are kept on the phone, the page says how many wait, and when the
connection is back the server holds exactly those two."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from playwright.sync_api import expect

from surveyapp.db import db
from surveyapp.dialogue.models import Pin
from tests.browser.conftest import assert_accessible
from tests.browser.test_dialogue_browser import MAP, ready
from tests.browser.test_walk_offline import _controlled


def _pins(app, marker: str) -> list[Pin]:
    with app.app_context():
        return list(db.session.scalars(sa.select(Pin).where(
            Pin.place_description.contains(marker)).order_by(Pin.id)))


def test_places_marked_offline_are_sent_once_when_the_connection_returns(phone, live_server):
    app = live_server["app"]
    context = phone()
    page = context.new_page()
    page.goto(f"{MAP}?lang=sv")
    ready(page)
    marker = uuid.uuid4().hex[:8]
    status = page.locator("[data-queue-status]")
    _controlled(page)

    context.set_offline(True)
    page.select_option("#field-category", "trafik")
    page.select_option("#field-area", "0682R004")
    page.fill("#field-place_description", f"Övergångsstället {marker}")
    page.locator("#pin-form button[type=submit]").click()
    expect(status).to_have_text("Väntar på att skickas: 1")
    expect(page.locator("[data-saved-status]")).to_contain_text("Ingen anslutning")
    assert page.input_value("#field-place_description") == ""

    box = page.locator("#map").bounding_box()
    page.locator("#map").tap(position={"x": box["width"] * 0.45, "y": box["height"] * 0.4})
    expect(page.locator(".leaflet-marker-draggable")).to_have_count(1)
    lat, lng = float(page.input_value("#pin-lat")), float(page.input_value("#pin-lng"))
    page.select_option("#field-category", "belysning")
    page.fill("#field-place_description", f"Gångvägen {marker}")
    page.locator("#pin-form button[type=submit]").click()
    expect(status).to_have_text("Väntar på att skickas: 2")
    expect(page.locator(".leaflet-marker-draggable")).to_have_count(0)
    assert page.input_value("#pin-lat") == "" and _pins(app, marker) == []
    page.reload()  # opened again without a connection: the map, its areas and the queue
    ready(page)
    expect(status).to_have_text("Väntar på att skickas: 2")
    assert page.locator(".leaflet-overlay-pane path").count() > 0, "the areas from the kept copy"
    assert_accessible(page, "map page with two places waiting")

    context.set_offline(False)
    expect(status).to_have_text("Skickade från den här telefonen: 2", timeout=30_000)
    stored = _pins(app, marker)
    assert [(p.category, p.status, p.area_only) for p in stored] == [
        ("trafik", "pending", True), ("belysning", "pending", False)]
    assert (round(stored[1].lat, 5), round(stored[1].lng, 5)) == (round(lat, 5), round(lng, 5))
    page.reload()
    ready(page)
    assert len(_pins(app, marker)) == 2, "nothing sent twice"
