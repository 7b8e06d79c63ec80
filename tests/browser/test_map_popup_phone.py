"""The public map's popup on phones (390×844 and 320×640, Swedish and Arabic): fully inside
the viewport and the map, clear of the zoom buttons, right-to-left in Arabic, no text wider
than the popup; the list below the map still has the place and its comment."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from surveyapp.db import db
from surveyapp.dialogue.models import Dialogue, Pin, PinStatus
from surveyapp.geo.geometry import bounds
from surveyapp.geo.services import area_at

SLUG = "popup-phone"
# a long unbroken word and a long sentence: both must wrap inside the popup
COMMENT = ("Gångtunneln under Storgatan-Järnvägsstationsövergångsbron är mörk hela kvällen, "
           "lamporna har varit trasiga sedan i höstas och ingen vågar gå där ensam.")
PLACE = "Gångtunneln vid Järnvägsstationsövergångsbron norra uppgången"


@pytest.fixture(scope="module")
def corner_pin(live_server):
    """A dialogue of its own with one approved pin near the north-west corner of its areas, so
    the popup opens where the zoom buttons are."""
    with live_server["app"].app_context():
        if db.session.scalar(sa.select(Dialogue).where(Dialogue.slug == SLUG)) is None:
            demo = db.session.scalar(sa.select(Dialogue).order_by(Dialogue.id))
            today = date.today()
            dialogue = Dialogue(slug=SLUG, name="Popup på telefon", opens=today - timedelta(1),
                                closes=today + timedelta(30), areas=list(demo.areas))
            db.session.add(dialogue)
            south, west, north, east = bounds(a.geometry for a in demo.areas if a.geometry)
            spot = next((lat, lng) for k in range(1, 40)
                        for lat, lng in [(north - (north - south) * k / 40,
                                          west + (east - west) * k / 40)]
                        if area_at(dialogue.areas, lat, lng) is not None)
            area = area_at(dialogue.areas, *spot)
            db.session.add(Pin(dialogue=dialogue, lat=spot[0], lng=spot[1], area_id=area.id,
                               category="belysning", time_of_day="kvall", comment=COMMENT,
                               place_description=PLACE, status=PinStatus.APPROVED,
                               created_on=today))
            db.session.commit()
    return SLUG


def _inside(inner: dict, outer: dict, slack: float = 0.5) -> bool:
    return (inner["x"] >= outer["x"] - slack and inner["y"] >= outer["y"] - slack
            and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + slack
            and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + slack)


def _overlap(a: dict, b: dict) -> bool:
    return not (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])


def _settled_box(page, selector: str) -> dict:
    """The bounding box once the auto-pan has finished (three equal readings 300 ms apart: on a
    loaded machine one animation frame can take longer than a short interval)."""
    previous, same = None, 0
    for _attempt in range(40):
        page.wait_for_timeout(300)
        box = page.locator(selector).bounding_box()
        same = same + 1 if box is not None and box == previous else 0
        if same >= 2:
            return box
        previous = box
    raise AssertionError(f"{selector} kept moving")


@pytest.mark.parametrize("lang", ["sv", "ar"])
@pytest.mark.parametrize(("width", "height"), [(390, 844), (320, 640)])
def test_popup_lies_in_the_viewport_clear_of_the_zoom_buttons(browser, live_server, corner_pin,
                                                              lang, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=True,
                                  has_touch=True, base_url=live_server["url"])
    outside: list[str] = []
    context.on("request", lambda r: outside.append(r.url)
               if not r.url.startswith(live_server["url"]) else None)
    page = context.new_page()
    page.goto(f"/karta/{corner_pin}?lang={lang}")
    assert page.get_attribute("html", "dir") == ("rtl" if lang == "ar" else "ltr")
    page.wait_for_selector('#map[data-ready="true"]', timeout=45000)
    page.locator("#map").scroll_into_view_if_needed()
    marker = page.locator(".leaflet-marker-icon:not(.marker-cluster)")
    assert marker.count() == 1
    marker.tap()
    page.wait_for_selector(".leaflet-popup .map-popup button", timeout=15000)
    popup = _settled_box(page, ".leaflet-popup")
    viewport = {"x": 0, "y": 0, "width": width, "height": height}
    assert _inside(popup, viewport), (popup, viewport)
    assert _inside(popup, page.locator("#map").bounding_box()), popup
    zoom = page.locator(".leaflet-control-zoom").bounding_box()
    assert not _overlap(popup, zoom), (popup, zoom)
    overflowing = page.evaluate("""() => [...document.querySelectorAll(
        '.leaflet-popup-content, .leaflet-popup-content *')]
        .filter(e => e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0)
        .map(e => e.tagName + ' ' + e.scrollWidth + '>' + e.clientWidth)""")
    assert overflowing == []
    content = page.locator(".leaflet-popup-content")
    assert content.evaluate("e => getComputedStyle(e).direction") == (
        "rtl" if lang == "ar" else "ltr")
    if lang == "ar":  # the text starts at the right edge of the popup
        text = content.locator("p").first.bounding_box()
        inner = content.bounding_box()
        assert abs((text["x"] + text["width"]) - (inner["x"] + inner["width"])) < 2
    assert "Järnvägsstationsövergångsbron" in page.locator(".leaflet-popup").inner_text()
    # the list alternative stays complete: the place is counted and its comment listed
    assert page.locator("section[aria-labelledby=list-heading] tbody tr").count() == 1
    assert COMMENT in page.locator(".pin-comments").inner_text()
    # closed with its button, the popup opens again (once, with the same text) at the next tap
    page.locator(".leaflet-popup-close-button").tap()
    page.wait_for_selector(".leaflet-popup", state="detached")
    marker.tap()
    page.wait_for_selector(".leaflet-popup .map-popup button")
    assert page.locator(".leaflet-popup .map-popup").count() == 1
    assert _inside(_settled_box(page, ".leaflet-popup"), viewport)
    context.close()
    assert outside == []
