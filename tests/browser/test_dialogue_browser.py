"""A resident on a phone marks a place (tapping the map, or with the list), in Swedish and in
Persian; a moderator approves it; it then shows on the public map. Nothing leaves 127.0.0.1."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from surveyapp.auth.models import User
from surveyapp.db import db
from surveyapp.dialogue.models import Pin
from surveyapp.geo.models import Area
from surveyapp.geo.services import area_at
from tests.browser.conftest import assert_accessible

MAP = "/karta/trygghet-2026"
MODERATOR, PASSWORD = "moderator@exempelby.se", "a long enough password"


def ready(page) -> None:
    page.wait_for_selector('#map[data-ready="true"]', timeout=45000)


def stored(app, marker: str) -> tuple[Pin, str]:
    with app.app_context():
        pin = db.session.scalar(sa.select(Pin).where(Pin.comment.contains(marker)))
        return pin, pin.area.code


@pytest.fixture(scope="module")
def moderator(live_server):
    with live_server["app"].app_context():
        if db.session.scalar(sa.select(User).where(User.email == MODERATOR)) is None:
            user = User(email=MODERATOR, roles=["moderator"])
            user.set_password(PASSWORD)
            db.session.add(user)
            db.session.commit()
    return MODERATOR


def approve(phone, marker: str) -> None:
    page = phone().new_page()
    page.goto("/staff/moderation")
    page.fill("#email", MODERATOR)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.locator("#password").press("Enter")
    page.goto("/staff/moderation")
    assert_accessible(page, "moderation queue")
    item = page.locator("li", has_text=marker)
    with page.expect_navigation():
        item.locator('button[value="approve"]').click()
    assert page.locator("li", has_text=marker).count() == 0


@pytest.mark.parametrize(("lang", "where"), [("sv", (0.3, 0.6)), ("fa", (0.7, 0.8))])
def test_tap_on_the_map_then_moderate_then_public(phone, live_server, moderator, lang, where):
    app = live_server["app"]
    page = phone().new_page()
    page.goto(f"{MAP}?lang={lang}")
    assert page.get_attribute("html", "dir") == ("rtl" if lang == "fa" else "ltr")
    ready(page)
    assert_accessible(page, f"map page ({lang})")
    box = page.locator("#map").bounding_box()
    # each language taps its own spot, so it never hits a pin an earlier test left there
    page.locator("#map").tap(position={"x": box["width"] * where[0], "y": box["height"] * where[1]})
    lat = float(page.input_value("#pin-lat"))
    lng = float(page.input_value("#pin-lng"))
    with app.app_context():
        expected = area_at(db.session.scalars(sa.select(Area)).all(), lat, lng).code
    assert page.input_value("#field-area") == expected
    assert page.locator("#map-status").inner_text() != ""
    marker = uuid.uuid4().hex[:8]
    page.select_option("#field-category", "belysning")
    page.select_option("#field-time_of_day", "kvall")
    page.fill("#field-comment", f"Mörkt vid gångvägen {marker}")
    with page.expect_navigation():
        page.locator("#pin-form button[type=submit]").click()
    assert page.locator("#added .notice").count() == 1
    assert_accessible(page, f"map page after adding ({lang})")
    pin, area = stored(app, marker)
    assert (pin.status, area) == ("pending", expected)
    assert (round(pin.lat, 5), round(pin.lng, 5)) == (round(lat, 5), round(lng, 5))

    approve(phone, marker)

    public = phone().new_page()
    public.goto(f"{MAP}?lang={lang}")
    ready(public)
    assert public.locator(".leaflet-marker-icon").count() > 0
    assert marker in public.locator(".pin-comments").inner_text()
    ids = [row[0] for row in public.request.get(f"{MAP}/pins.json").json()["pins"]]
    assert pin.id in ids


@pytest.mark.parametrize("lang", ["sv", "fa"])
def test_list_fallback_then_moderate_then_public(phone, live_server, moderator, lang):
    app = live_server["app"]
    page = phone().new_page()
    page.goto(f"{MAP}?lang={lang}")
    ready(page)
    marker = uuid.uuid4().hex[:8]
    page.select_option("#field-category", "trafik")
    page.select_option("#field-area", "0682R004")
    page.fill("#field-place_description", f"Övergångsstället vid skolan {marker}")
    page.fill("#field-comment", f"Bilarna kör fort {marker}")
    with page.expect_navigation():
        page.locator("#pin-form button[type=submit]").click()
    pin, area = stored(app, marker)
    assert (pin.status, area) == ("pending", "0682R004")
    approve(phone, marker)
    public = phone().new_page()
    public.goto(f"{MAP}?lang={lang}")
    ready(public)
    assert marker in public.locator(".pin-comments").inner_text()


def test_errors_are_shown_and_keyboard_can_mark_the_centre(phone, live_server):
    page = phone().new_page()
    page.goto(f"{MAP}?lang=sv")
    ready(page)
    with page.expect_navigation():
        page.locator("#pin-form button[type=submit]").click()
    assert page.locator(".error-summary li").count() == 2
    assert_accessible(page, "map page with errors")
    ready(page)
    page.focus("#map")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowUp")
    page.locator("#mark-centre").focus()
    page.keyboard.press("Enter")
    assert page.input_value("#pin-lat") != ""
    assert page.input_value("#field-area") != ""


def test_use_my_location(browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True, base_url=live_server["url"],
                                  geolocation={"latitude": 57.675, "longitude": 14.675},
                                  permissions=["geolocation"])
    outside: list[str] = []
    context.on("request", lambda r: outside.append(r.url)
               if not r.url.startswith(live_server["url"]) else None)
    try:
        page = context.new_page()
        page.goto(f"{MAP}?lang=sv")
        ready(page)
        page.locator("#use-location").click()
        expect(page.locator("#pin-lat")).not_to_have_value("")
        assert page.input_value("#field-area") == "0682R005"
    finally:
        context.close()
    assert outside == []


def test_without_javascript_the_form_and_list_are_the_page(browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True, base_url=live_server["url"],
                                  java_script_enabled=False)
    outside: list[str] = []
    context.on("request", lambda r: outside.append(r.url)
               if not r.url.startswith(live_server["url"]) else None)
    try:
        page = context.new_page()
        page.goto(f"{MAP}?lang=fa")
        assert not page.locator("#map-section").is_visible()  # (axe needs JavaScript)
        marker = uuid.uuid4().hex[:8]
        page.select_option("#field-category", "folktomt")
        page.select_option("#field-area", "0682R003")
        page.fill("#field-place_description", f"Parkeringen {marker}")
        with page.expect_navigation():
            page.locator("#pin-form button[type=submit]").click()
        assert page.locator("#added .notice").count() == 1
    finally:
        context.close()
    with live_server["app"].app_context():
        pin = db.session.scalar(sa.select(Pin).where(Pin.place_description.contains(marker)))
        assert (pin.status, pin.area.code) == ("pending", "0682R003")
    assert outside == []
