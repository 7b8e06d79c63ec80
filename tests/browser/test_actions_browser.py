"""An action owner turns a walk observation into an action; residents see it on /atgarder."""

from __future__ import annotations

from sqlalchemy import select

from surveyapp.db import db
from surveyapp.walks.demo import DEMO_WALK_CODE
from surveyapp.walks.models import Walk
from tests.browser.conftest import assert_accessible
from tests.browser.test_walks_browser import log_in, staff_user


def test_action_from_an_observation_reaches_the_public_page(phone, live_server):
    staff_user(live_server, "owner@exempelby.se", ["action_owner"])
    with live_server["app"].app_context():
        from surveyapp.auth.models import User
        from surveyapp.organisations.models import Organisation
        from surveyapp.organisations.services import set_membership

        user = db.session.scalar(select(User).where(User.email == "owner@exempelby.se"))
        gatuenheten = db.session.scalar(select(Organisation).where(
            Organisation.name == "Gatuenheten"))
        set_membership(user.id, gatuenheten.id)
        db.session.commit()
        walk = db.session.scalar(select(Walk).where(Walk.join_code == DEMO_WALK_CODE))
        walk_id, observation_id = walk.id, walk.observations[1].id
    owner = phone().new_page()
    log_in(owner, "owner@exempelby.se")
    owner.goto(f"/staff/walks/{walk_id}")
    assert_accessible(owner, "walk page with observations to select")
    owner.check(f"#obs-{observation_id}")
    with owner.expect_navigation():
        owner.get_by_role("button", name="Skapa en åtgärd av de valda observationerna").click()
    assert owner.locator(f"#observation-{observation_id}").is_checked()
    assert_accessible(owner, "new action form")
    owner.fill("#title", "Buskarna vid parken klipps")
    owner.select_option("#organisation", label="Gatuenheten")
    owner.select_option("#status", "in_progress")
    owner.fill("#public_feedback", "Fastighetsägaren klipper buskarna i vecka 49.")
    with owner.expect_navigation():
        owner.locator("main form button[type=submit]").click()
    assert owner.locator(".note[role=status]").is_visible()

    resident = phone().new_page()
    errors: list[str] = []
    resident.on("console", lambda message: errors.append(message.text)
                if message.type == "error" else None)
    resident.goto("/atgarder?lang=sv")
    assert_accessible(resident, "public actions page")
    card = resident.locator("article", has_text="Buskarna vid parken klipps")
    assert "Fastighetsägaren klipper buskarna i vecka 49." in card.inner_text()
    assert "Pågår" in card.inner_text(), "status as text"
    resident.wait_for_selector(".leaflet-container .leaflet-interactive")
    assert errors == [], "no script or Content-Security-Policy errors"
    resident.select_option("#area", label="Centrum")
    with resident.expect_navigation():
        resident.get_by_role("button", name="Visa").click()
    assert "area=0682R001" in resident.url
    assert resident.locator("article").count() >= 2, "the demo action and the new one"

    resident.goto("/atgarder?lang=ar")
    assert resident.get_attribute("html", "dir") == "rtl"
    assert_accessible(resident, "public actions page in Arabic")
