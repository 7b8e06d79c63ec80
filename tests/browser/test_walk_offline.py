"""A walk participant without a connection: three observations (one with a phone photo) are
kept on the phone, the page says how many wait, survives a reload, and when the connection is
back the server holds exactly those three, the photo without its EXIF and GPS fields."""

from __future__ import annotations

import io
import time
from datetime import date

from PIL import Image
from playwright.sync_api import expect
from sqlalchemy import select

from surveyapp.db import db
from surveyapp.geo.models import Area
from surveyapp.walks.models import Observation, ObservationPhoto
from surveyapp.walks.services import create_walk
from tests.browser.conftest import assert_accessible
from tests.browser.test_walks_browser import join_and_open_form
from tests.surveyapp.test_walk_photos import GPS_IFD, phone_photo


def _open_walk(live_server) -> tuple[int, str]:
    with live_server["app"].app_context():
        area = db.session.scalars(select(Area).order_by(Area.id)).first()
        walk = create_walk(None, {"area_id": area.id, "date": date(2026, 11, 26),
                                  "meeting_point": "Tunnelns norra ände"})
        db.session.commit()
        return walk.id, walk.join_code


def _controlled(page) -> None:
    """Wait until the walk's service worker controls the page and has kept it."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if page.evaluate("""async () => {
            if (!navigator.serviceWorker.controller) { return false; }
            const cache = await caches.open('surveyapp-offline-v1');
            return !!(await cache.match(location.pathname));
        }"""):
            return
        page.wait_for_timeout(200)
    raise AssertionError("the service worker did not take the page")


def _write(page, description: str, severity: str, place: str) -> None:
    page.select_option("#category", "belysning")
    page.fill("#description", description)
    page.locator(f'label[for="severity-{severity}"]').click()
    page.fill("#place_description", place)
    page.get_by_role("button", name="Spara observationen").click()


def _stored(live_server, walk_id: int) -> list[Observation]:
    with live_server["app"].app_context():
        rows = db.session.scalars(select(Observation).where(Observation.walk_id == walk_id)
                                  .order_by(Observation.number)).all()
        for row in rows:
            _ = [photo.data for photo in row.photos]
        return list(rows)


def test_an_offline_walk_keeps_three_observations_and_sends_them_once(phone, live_server):
    walk_id, code = _open_walk(live_server)
    context = phone()
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" else None)
    join_and_open_form(page, code)
    _controlled(page)

    context.set_offline(True)
    status = page.locator("[data-queue-status]")
    page.set_input_files("#photo", files=[{"name": "IMG_2041.jpg", "mimeType": "image/jpeg",
                                           "buffer": phone_photo(2000, 1500)}])
    _write(page, "Mörk gångtunnel utan lampor", "3", "Tunneln under järnvägen")
    expect(status).to_have_text("Väntar på att skickas: 1")
    expect(page.locator("[data-saved-status]")).to_contain_text("Ingen anslutning")
    assert page.locator("#description").input_value() == "", "the form is ready for the next"
    _write(page, "Trasig gatlampa", "2", "Gångvägen mot skolan")
    expect(status).to_have_text("Väntar på att skickas: 2")
    page.reload()  # the phone opens the page again, still without a connection
    expect(status).to_have_text("Väntar på att skickas: 2")
    _write(page, "Buskar skymmer sikten", "1", "Parken vid busshållplatsen")
    expect(status).to_have_text("Väntar på att skickas: 3")
    assert _stored(live_server, walk_id) == []
    assert_accessible(page, "observation form with three observations waiting")

    context.set_offline(False)
    expect(status).to_have_text("Skickade från den här telefonen: 3", timeout=30_000)
    expect(page.locator("main ol li")).to_have_count(3)
    expect(page.locator("main ol")).to_contain_text("med foto")

    stored = _stored(live_server, walk_id)
    assert [o.description for o in stored] == ["Mörk gångtunnel utan lampor", "Trasig gatlampa",
                                               "Buskar skymmer sikten"]
    assert [o.number for o in stored] == [1, 2, 3]
    assert [len(o.photos) for o in stored] == [1, 0, 0]
    photo: ObservationPhoto = stored[0].photos[0]
    picture = Image.open(io.BytesIO(photo.data))
    assert picture.getexif() == {} and not picture.getexif().get_ifd(GPS_IFD)
    assert b"Fairphone" not in photo.data and (picture.width, picture.height) == (1600, 1200)

    page.reload()  # nothing is sent twice when the page comes back
    expect(page.locator("main ol li")).to_have_count(3)
    assert len(_stored(live_server, walk_id)) == 3
    # the browser logs each attempt that found no network; anything else is a fault
    faults = [text for text in errors if "ERR_INTERNET_DISCONNECTED" not in text]
    assert faults == [], "no script or Content-Security-Policy errors"


def test_an_entry_refused_after_the_connection_returns_can_be_put_back(phone, live_server):
    walk_id, code = _open_walk(live_server)
    context = phone()
    page = context.new_page()
    join_and_open_form(page, code)
    _controlled(page)
    context.set_offline(True)
    _write(page, "", "2", "Vid återvinningsstationen")  # no description: the server says no
    expect(page.locator("[data-queue-status]")).to_have_text("Väntar på att skickas: 1")

    context.set_offline(False)
    refused = page.locator("[data-queue-refused] li")
    expect(refused).to_have_count(1, timeout=30_000)
    expect(refused).to_contain_text("Beskriv vad du såg")
    assert_accessible(page, "observation form with a refused entry")
    refused.get_by_role("button", name="Lägg tillbaka i formuläret").click()
    expect(page.locator("[data-queue-refused] li")).to_have_count(0)
    assert page.locator("#place_description").input_value() == "Vid återvinningsstationen"
    assert page.locator("#severity-2").is_checked()
    page.fill("#description", "Glasskärvor överallt")
    page.get_by_role("button", name="Spara observationen").click()
    expect(page.locator("[data-saved-status]")).to_contain_text("observation 1 är sparad")
    [stored] = _stored(live_server, walk_id)
    assert (stored.description, stored.place_description) == ("Glasskärvor överallt",
                                                               "Vid återvinningsstationen")
