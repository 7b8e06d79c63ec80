"""The survey's place question on a phone in Persian: tapping the map chooses the area and the
point is stored with the response; the home-area question never shows a map."""

from __future__ import annotations

import sqlalchemy as sa

from surveyapp.db import db
from surveyapp.surveys.models import Response
from tests.browser.answering import fill, next_page
from tests.browser.conftest import assert_accessible
from tests.surveyapp.respondent import FULL_PLAN


def test_place_question_map_in_persian(phone, live_server):
    page = phone().new_page()
    page.goto("/s/trygghet-2026?lang=fa")
    with page.expect_navigation():
        page.locator('form[action$="/start"] button').click()
    tapped = None
    for _ in range(25):
        if page.locator('select[name="omrade"]').count():
            assert page.locator(".place-map").count() == 0
        if page.locator('select[name="otrygg_plats"]').count():
            page.wait_for_selector('.place-map[data-ready="true"]', timeout=45000)
            assert_accessible(page, "place question with map (fa)")
            box = page.locator(".place-map .map").bounding_box()
            page.locator(".place-map .map").tap(
                position={"x": box["width"] * 0.3, "y": box["height"] * 0.8})
            tapped = (float(page.input_value("#q-otrygg_plats-lat")),
                      float(page.input_value("#q-otrygg_plats-lng")))
            chosen = page.input_value('select[name="otrygg_plats"]')
            assert chosen != ""
            fill(page, {k: v for k, v in FULL_PLAN.items() if k != "otrygg_plats"})
        else:
            fill(page, FULL_PLAN)
        next_page(page)
        if page.url.endswith("/thanks"):
            break
    assert tapped is not None, "never saw the place question"
    with live_server["app"].app_context():
        answers = [r.answers for r in db.session.scalars(
            sa.select(Response).where(Response.language == "fa"))]
    stored = [a["otrygg_plats"] for a in answers if "lat" in a.get("otrygg_plats", {})]
    assert stored and stored[-1] == {"area": chosen, "lat": round(tapped[0], 6),
                                     "lng": round(tapped[1], 6)}
    assert all("lat" not in a.get("omrade", {}) for a in answers)
