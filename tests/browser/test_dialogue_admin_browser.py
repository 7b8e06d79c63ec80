"""A coordinator creates a dialogue map through the staff form (after one refused try); the new
staff pages and /karta pass axe-core, and /karta and the edit form do not scroll sideways at
320 px."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from surveyapp.auth.models import User
from surveyapp.db import db
from surveyapp.dialogue.models import Dialogue
from tests.browser.conftest import assert_accessible

# Its own account: test_campaigns_browser makes samordnare@ with another password, same server.
COORDINATOR, PASSWORD = "kartsamordnare@exempelby.se", "a long enough password"


@pytest.fixture(scope="module")
def coordinator(live_server):
    with live_server["app"].app_context():
        if db.session.scalar(sa.select(User).where(User.email == COORDINATOR)) is None:
            user = User(email=COORDINATOR, roles=["coordinator"])
            user.set_password(PASSWORD)
            db.session.add(user)
            db.session.commit()
    return COORDINATOR


def _log_in(page) -> None:
    page.goto("/staff/dialogues")
    page.fill("#email", COORDINATOR)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.locator("#password").press("Enter")


def test_create_a_dialogue_map_in_the_browser(phone, live_server, coordinator):
    slug = f"parken-{uuid.uuid4().hex[:6]}"
    page = phone().new_page()
    _log_in(page)
    page.goto("/staff/dialogues?lang=sv")
    assert_accessible(page, "staff list of dialogue maps")
    page.goto("/staff/dialogues/new?lang=sv")
    assert_accessible(page, "new dialogue form")
    page.fill("#field-slug", "Fel Adress")
    with page.expect_navigation():
        page.locator("form button[type=submit]").click()
    assert page.locator(".error-summary a[href='#field-slug']").count() == 1
    assert page.locator(".error-summary a[href='#field-title_sv']").count() == 1
    assert_accessible(page, "new dialogue form with errors")

    page.fill("#field-slug", slug)
    page.fill("#field-title_sv", "Trygghet i parken")
    page.fill("#field-title_ar", "الأمان في الحديقة")
    page.fill("#field-intro_sv", "Markera platser i parken där du känner dig otrygg.")
    page.locator("input[name=areas]").first.check()
    page.check("#source-custom")
    page.fill("#field-custom_categories", "morker; sv: Mörker; ar: الظلام\nbuller; sv: Buller")
    page.uncheck("#field-comments_allowed")
    page.check("#moderation-all_wait")
    page.fill("#field-opens", (date.today() - timedelta(days=1)).isoformat())
    page.fill("#field-closes", (date.today() + timedelta(days=20)).isoformat())
    with page.expect_navigation():
        page.locator("form button[type=submit]").click()
    assert page.locator(".notice").count() == 1
    assert_accessible(page, "edit form of the new dialogue")
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, "edit form at 320 px"

    with live_server["app"].app_context():
        dialogue = db.session.scalar(sa.select(Dialogue).where(Dialogue.slug == slug))
        assert dialogue.titles == {"sv": "Trygghet i parken", "ar": "الأمان في الحديقة"}
        assert [c["code"] for c in dialogue.categories] == ["morker", "buller"]
        assert (dialogue.comments_allowed, dialogue.moderation) == (False, "all_wait")
        assert len(dialogue.areas) == 1

    resident = phone().new_page()
    resident.goto(f"/karta/{slug}?lang=ar")
    assert resident.locator("h1").inner_text() == "الأمان في الحديقة"
    assert resident.locator("#field-comment").count() == 0
    assert resident.locator("#field-category option[value=morker]").inner_text() == "الظلام"
    for language in ("sv", "ar", "ti"):
        resident.goto(f"/karta?lang={language}")
        assert resident.locator(f"a[href='/karta/{slug}']").count() == 1
        assert_accessible(resident, f"/karta in {language}")


@pytest.mark.parametrize("language", ["sv", "ar", "ti"])
def test_karta_does_not_scroll_sideways_at_320_px(browser, live_server, language):
    context = browser.new_context(viewport={"width": 320, "height": 640}, has_touch=True,
                                  base_url=live_server["url"])
    page = context.new_page()
    page.goto(f"/karta?lang={language}")
    assert page.locator("a[href='/karta/trygghet-2026']").count() == 1
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 320, width
