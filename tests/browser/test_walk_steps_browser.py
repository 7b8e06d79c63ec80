"""A walk with its steps on phones: the leader plans the förmöte, a participant marks two places
on the map (keyboard "mark the centre", then a tap), fills the checklist, and the protocol shows
numbered markers that match the table."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import select

from surveyapp.db import db
from surveyapp.walks.models import Observation
from tests.browser.conftest import assert_accessible
from tests.browser.test_walks_browser import join_and_open_form, log_in, staff_user


def _save(page) -> None:
    """Save the observation; the page's script does it in place and says so."""
    status = page.locator("[data-saved-status]")
    before = status.inner_text()
    page.get_by_role("button", name="Spara observationen").click()
    expect(status).to_contain_text("är sparad")
    expect(status).not_to_have_text(before)


def test_participant_marks_places_on_the_map_and_the_protocol_numbers_them(phone, live_server):
    staff_user(live_server, "steps@exempelby.se", ["walk_leader"])
    leader = phone().new_page()
    errors: list[str] = []
    leader.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    log_in(leader, "steps@exempelby.se")
    leader.goto("/staff/walks/new?lang=sv")
    leader.select_option("#area", label="Söderby")
    leader.fill("#date", "2026-11-26")
    leader.fill("#meeting_point", "Biblioteket")
    with leader.expect_navigation():
        leader.locator("main form button[type=submit]").click()
    walk_id = int(leader.url.rstrip("/").rsplit("/", 1)[1])
    code = leader.locator("#join-code").inner_text().strip()
    expect(leader.locator(".step-current")).to_contain_text("Förmöte")
    with leader.expect_navigation():
        leader.get_by_role("link", name="Planera förmötet").click()
    assert_accessible(leader, "förmöte form")
    leader.fill("#purpose", "Vägen från stationen till skolan")
    with leader.expect_navigation():
        leader.get_by_role("button", name="Spara förmötet").click()
    expect(leader.locator(".step-current")).to_contain_text("Vandringen")
    assert_accessible(leader, "walk page with its steps")

    participant = phone().new_page()
    participant.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    join_and_open_form(participant, code)
    mark = participant.locator("[data-mark]")
    expect(mark).to_have_attribute("data-ready", "true")
    assert_accessible(participant, "observation form with the marking map")

    # Keyboard: focus the map, move it with an arrow key, then "Mark the map centre".
    participant.locator("[data-mark-map]").focus()
    participant.keyboard.press("ArrowRight")
    participant.get_by_role("button", name="Markera kartans mitt").focus()
    participant.keyboard.press("Enter")
    lat = participant.locator("[data-locate-lat]")
    expect(lat).not_to_have_value("")
    expect(participant.locator("[data-mark-status]")).to_have_text("Platsen är markerad på kartan.")
    centre = (float(lat.input_value()), float(participant.locator("[data-locate-lng]").input_value()))
    participant.select_option("#category", "belysning")
    participant.fill("#description", "Mörk passage vid biblioteket")
    participant.locator('label[for="severity-3"]').click()
    participant.locator('label[for="light-dusk"]').click()
    participant.locator(".checklist summary").click()
    participant.locator('label[for="score_lighting-1"]').click()
    participant.locator('label[for="score_ways_out-2"]').click()
    assert_accessible(participant, "observation form with the checklist open")
    _save(participant)
    assert participant.locator(".note[role=status]").is_visible()

    # Touch: tap the map away from its centre.
    expect(mark).to_have_attribute("data-ready", "true")
    box = participant.locator("[data-mark-map]").bounding_box()
    participant.locator("[data-mark-map]").tap(position={"x": box["width"] * 0.25,
                                                        "y": box["height"] * 0.25})
    expect(lat).not_to_have_value("")
    tapped = (float(lat.input_value()), float(participant.locator("[data-locate-lng]").input_value()))
    participant.select_option("#category", "vegetation")
    participant.fill("#description", "Täta buskar")
    participant.locator('label[for="severity-2"]').click()
    participant.locator(".checklist summary").click()
    participant.locator('label[for="score_visibility-2"]').click()
    _save(participant)
    participant.goto("/vandring/observera?lang=ar")
    expect(participant.locator("[data-mark]")).to_have_attribute("data-ready", "true")
    participant.locator(".checklist summary").click()
    assert participant.locator("html").get_attribute("dir") == "rtl"
    assert_accessible(participant, "observation form in Arabic (right to left)")
    participant.goto("/vandring/observera?lang=sv")
    own = participant.locator("main ol li")
    assert [own.nth(i).get_attribute("value") for i in range(own.count())] == ["1", "2"]

    with live_server["app"].app_context():
        stored = db.session.scalars(select(Observation).where(Observation.walk_id == walk_id)
                                    .order_by(Observation.number)).all()
        assert [item.number for item in stored] == [1, 2]
        assert (stored[0].lat, stored[0].lng) == centre
        assert (stored[1].lat, stored[1].lng) == tapped
        assert tapped[0] > centre[0] and tapped[1] < centre[1], "tapped up and left of centre"
        assert stored[0].scores == {"lighting": 1, "ways_out": 2} and stored[0].light == "dusk"
        assert stored[1].scores == {"visibility": 2}

    leader.goto(f"/staff/walks/{walk_id}/protocol?lang=sv")
    markers = leader.locator(".leaflet-marker-icon.walk-number")
    expect(markers).to_have_count(2)
    assert sorted(markers.all_inner_texts()) == ["1", "2"]
    rows = leader.locator("main tbody tr[id^=observation-] th[scope=row]").all_inner_texts()
    assert rows == ["1", "2"]
    first = leader.locator(".walk-number", has_text="1")
    assert first.get_attribute("title").startswith("Observation 1")
    size = first.bounding_box()
    assert size["width"] >= 24 and size["height"] >= 24, "numbers large enough to read"
    assert_accessible(leader, "protocol with numbered markers")
    assert errors == [], "no script or Content-Security-Policy errors"
