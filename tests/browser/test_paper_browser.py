"""A data-entry clerk enters a paper questionnaire in Chromium: every state of the one-page
view is axe-clean, a refused form keeps what was ticked, and the code is then used up."""

from __future__ import annotations

from tests.browser.conftest import assert_accessible
from tests.browser.test_walks_browser import log_in, staff_user


def test_a_paper_questionnaire_entered_in_the_browser(phone, live_server):
    staff_user(live_server, "registrator@exempelby.se", ["data_entry"])
    slug, code = live_server["demo"]["campaign"], live_server["demo"]["codes"][4]
    page = phone().new_page()
    log_in(page, "registrator@exempelby.se")
    page.goto("/staff/?lang=sv")
    with page.expect_navigation():
        page.get_by_role("link", name="Pappersenkäter").click()
    assert_accessible(page, "paper campaign list")
    with page.expect_navigation():
        page.locator(f"a[href$='/staff/paper/{slug}']").click()
    page.fill("#code", code.lower())
    with page.expect_navigation():
        page.get_by_role("button", name="Öppna enkäten").click()
    assert page.locator("#q-trygg_kvall").count() == 1
    assert page.locator("#q-kon").count() == 0  # known from the letter
    assert_accessible(page, "paper questionnaire")

    page.check("#q-avstar-1")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara enkäten").click()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert "Some answers need fixing" not in page.content()
    assert page.is_checked("#q-avstar-1"), "what was ticked is kept"
    assert_accessible(page, "paper questionnaire with errors")

    page.check("#q-trygg_kvall-1")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara enkäten").click()
    assert "Enkäten är sparad" in page.locator("main").inner_text()
    page.fill("#code", code)
    with page.expect_navigation():
        page.get_by_role("button", name="Öppna enkäten").click()
    assert "Koden har redan använts" in page.locator(".error-summary").inner_text()
    assert_accessible(page, "paper code refused")
