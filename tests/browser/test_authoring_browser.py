"""An imported XLSForm (Swedish, Arabic, Tigrinya) answered on a phone; staff preview pages pass axe."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from surveyapp.auth.models import User
from surveyapp.authoring.services import read_upload, store
from surveyapp.db import db
from surveyapp.geo.models import Area
from surveyapp.surveys.models import Campaign, Response
from tests.browser.answering import answer_until_done
from tests.browser.conftest import assert_accessible
from tests.questionnaires.data.forms import multilingual_form, municipal_form

SLUG = "bostad-2026"
PASSWORD = "browser-author-password"
PLAN = {"omrade": "0682R003", "trygg_trapphus": "2", "problem_belysning": "1",
        "problem_klotter": "3", "handelse": ["hot"], "anmalt": "1"}


def _campaign_with_imported_form(app) -> int:
    with app.app_context():
        version = store(read_upload("bostad.xlsx", multilingual_form())).version
        today = date.today()
        db.session.add(Campaign(
            slug=SLUG, name="Bostadsområdet 2026", year=today.year, mode="open",
            opens=today - timedelta(days=1), closes=today + timedelta(days=30),
            questionnaire=version, languages=list(version.languages),
            areas=list(db.session.scalars(sa.select(Area))),
        ))
        db.session.add(user := User(email="author@exempelby.se", roles=["analyst"]))
        user.set_password(PASSWORD)
        db.session.commit()
        return version.id


def test_imported_form_is_answered_in_tigrinya_and_previewed_accessibly(phone, live_server):
    app = live_server["app"]
    version_id = _campaign_with_imported_form(app)

    resident = phone().new_page()
    resident.goto(f"/s/{SLUG}?lang=ti")
    assert resident.get_attribute("html", "lang") == "ti"
    with resident.expect_navigation():
        resident.locator("form[action$='/start'] button").click()
    assert resident.get_by_text("ኣበይ ትነብር?").is_visible()
    posted = answer_until_done(resident, PLAN)
    assert posted == 4
    with app.app_context():
        [response] = db.session.scalars(
            sa.select(Response).join(Campaign).where(Campaign.slug == SLUG)).all()
        assert response.language == "ti"
        assert response.area_code == "0682R003"
        assert response.answers == {
            "omrade": {"area": "0682R003"}, "trygg_trapphus": 2, "problem_belysning": 1,
            "problem_klotter": 3, "handelse": ["hot"], "anmalt": 1}

    staff = phone().new_page()
    staff.goto("/login?lang=sv")
    staff.fill("input[name=email]", "author@exempelby.se")
    staff.fill("input[name=password]", PASSWORD)
    with staff.expect_navigation():
        staff.locator("form button[type=submit]").first.click()
    staff.goto(f"/staff/questionnaires/{version_id}/preview/3?lang=ar")
    assert staff.get_attribute("html", "dir") == "rtl"
    assert staff.get_by_text("كتابة على الجدران").is_visible()
    assert_accessible(staff, "preview of a grid page in Arabic")
    staff.goto(f"/staff/questionnaires/{version_id}/preview/4?lang=ti")
    assert_accessible(staff, "preview in Tigrinya")
    staff.goto(f"/staff/questionnaires/{version_id}/coverage?lang=sv")
    assert_accessible(staff, "coverage table")
    staff.goto(f"/staff/questionnaires/{version_id}?lang=sv")
    assert "Bostadsområdet 2026" in staff.locator("main").inner_text()
    assert_accessible(staff, "questionnaire page")

    staff.goto("/staff/questionnaires/?lang=en")
    staff.set_input_files("#file", files=[{"name": "exempelby.xlsx", "buffer": municipal_form(),
                                           "mimeType": "application/octet-stream"}])
    with staff.expect_navigation():
        staff.get_by_role("button", name="Check and store").click()
    assert "stored as a new version" in staff.locator("main").inner_text()
    staff.goto("/staff/questionnaires/?lang=en")
    staff.set_input_files("#file", files=[{"name": "broken.xlsx", "buffer": b"nope",
                                           "mimeType": "application/octet-stream"}])
    with staff.expect_navigation():
        staff.get_by_role("button", name="Check and store").click()
    assert staff.locator(".error-summary").is_visible()
    assert_accessible(staff, "upload with errors")
