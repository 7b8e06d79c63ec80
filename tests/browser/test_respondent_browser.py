"""A resident on a phone answers the standard questionnaire in Swedish and in Arabic."""

from __future__ import annotations

import json

import sqlalchemy as sa

from surveyapp.db import db
from surveyapp.surveys.models import Draft, Response
from tests.browser.answering import fill, next_page
from tests.browser.conftest import assert_accessible
from tests.surveyapp.respondent import FULL_PLAN

SLUG = "trygghet-2026"


def stored_responses(app, marker: str) -> list[Response]:
    """Responses of this test: the live server is shared, so each test marks its answers."""
    with app.app_context():
        every = db.session.scalars(sa.select(Response)).all()
    return [r for r in every if r.answers.get("forbattring") == marker]


def test_swedish_open_link_with_error_skip_logic_pause_and_resume(phone, live_server):
    plan = dict(FULL_PLAN, forbattring="Svenska testet")
    page = phone().new_page()
    page.goto(f"/s/{SLUG}?lang=sv")
    assert page.get_attribute("html", "lang") == "sv"
    assert page.get_attribute("html", "dir") == "ltr"
    assert_accessible(page, "start page")

    with page.expect_navigation():
        page.get_by_role("button", name="Starta undersökningen").click()
    assert_accessible(page, "question page")
    next_page(page)  # nothing answered: required questions
    assert page.locator(".error-summary").is_visible()
    assert page.locator(".err").count() == 3
    assert_accessible(page, "page with errors")

    fill(page, plan)
    next_page(page)
    fill(page, dict(plan, trygg_kvall="4"))
    next_page(page)  # the follow-up "why unsafe" appears on the same page
    assert page.locator('input[name="otrygg_skal"]').count() > 0
    fill(page, {"otrygg_skal": ["morker"]})
    next_page(page)
    paused_at = page.url
    with page.expect_navigation():
        page.locator('button[value="save"]').click()
    assert_accessible(page, "saved page")
    link = page.locator(".resume a").get_attribute("href")

    other = phone().new_page()  # later, another browser: only the link is known
    other.goto(link)
    assert other.url == paused_at
    for _ in range(20):
        fill(other, plan)
        next_page(other)
        if other.url.endswith("/thanks"):
            break
    assert_accessible(other, "thank-you page")
    [response] = stored_responses(live_server["app"], "Svenska testet")
    assert response.language == "sv"
    assert response.answers["trygg_kvall"] == 4
    assert response.answers["otrygg_skal"] == ["morker"]
    assert response.answers["anmalt"] == 1
    assert response.area_code == "0682R002" and response.channel == "open"
    assert link.rsplit("/", 1)[1] not in json.dumps(response.answers)


def test_arabic_invitation_code_right_to_left_wrong_code_and_resume(phone, live_server):
    code = live_server["demo"]["codes"][0]
    page = phone().new_page()
    page.goto(f"/s/{SLUG}?lang=ar")
    assert page.get_attribute("html", "lang") == "ar"
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"

    page.fill("#code", "WRONG-CODE2")
    with page.expect_navigation():
        page.locator("#code ~ button, form[action$='/code'] button").first.click()
    assert page.locator("#code-error").is_visible()
    assert page.get_attribute("#code", "aria-invalid") == "true"
    assert "Check that you typed" not in page.locator("#code-error").inner_text()
    assert_accessible(page, "wrong code (Arabic)")

    page.fill("#code", code.lower())
    with page.expect_navigation():
        page.locator("form[action$='/code'] button").click()
    assert page.locator('[name="kon"]').count() == 0  # known from the sampling frame
    plan = dict(FULL_PLAN, trygg_kvall="2", utsatt=["inget"], forbattring="Arabiska testet")
    fill(page, plan)
    next_page(page)
    fill(page, plan)
    page.context.close()  # the phone is put away half-way

    later = phone().new_page()
    later.goto(f"/s/{SLUG}?lang=ar")
    later.fill("#code", code)
    with later.expect_navigation():
        later.locator("form[action$='/code'] button").click()
    assert later.get_attribute("html", "dir") == "rtl"
    for _ in range(20):
        fill(later, plan)
        next_page(later)
        if later.url.endswith("/thanks"):
            break
    [response] = stored_responses(live_server["app"], "Arabiska testet")
    assert response.language == "ar"
    assert (response.area_code, response.channel) == ("0682R001", "invitation")
    assert "otrygg_skal" not in response.answers and "anmalt" not in response.answers
    assert response.answers["utsatt"] == ["inget"]
    with live_server["app"].app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Draft)) == 0


def test_front_and_login_pages_are_accessible(phone):
    page = phone().new_page()
    page.goto("/?lang=fa")
    assert page.get_attribute("html", "dir") == "rtl"
    assert_accessible(page, "front page (Persian)")
    page.goto("/login?lang=sv")
    assert_accessible(page, "login page")
