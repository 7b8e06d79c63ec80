"""A coordinator creates a campaign through the form in Chromium; every campaign page is
axe-clean and fits a 390 px phone, and residents see the campaign's texts."""

from __future__ import annotations

from datetime import date, timedelta

from tests.browser.conftest import assert_accessible
from tests.browser.test_walks_browser import log_in, staff_user

SLUG = "trygghet-webb"


def _fits(page, what: str, width: int = 390) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{what} scrolls sideways: {scroll} px"


def test_coordinator_creates_a_campaign_in_the_browser(phone, live_server):
    staff_user(live_server, "samordnare@exempelby.se", ["coordinator"])
    page = phone().new_page()
    errors: list[str] = []
    # The refused form answers 422, which Chromium logs as a failed resource: that one is meant.
    page.on("console", lambda m: errors.append(m.text)
            if m.type == "error" and "422" not in m.text else None)
    log_in(page, "samordnare@exempelby.se")
    page.goto("/staff/?lang=sv")
    with page.expect_navigation():
        page.get_by_role("link", name="Enkätkampanjer").click()
    assert_accessible(page, "campaign list")
    _fits(page, "campaign list")
    with page.expect_navigation():
        page.get_by_role("link", name="Ny kampanj").click()
    assert_accessible(page, "new campaign form")
    _fits(page, "new campaign form")

    page.fill("#slug", "Fel Namn")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara kampanjen").click()
    summary = page.locator(".error-summary")
    assert page.evaluate("document.activeElement.id") == "error-summary", "focus on the errors"
    assert "små bokstäver a–z" in summary.inner_text()
    assert "Välj minst ett område." in summary.inner_text()
    assert page.get_attribute("#slug", "aria-invalid") == "true"
    assert_accessible(page, "campaign form with errors")
    _fits(page, "campaign form with errors")

    today = date.today()
    page.fill("#slug", SLUG)
    page.select_option("#questionnaire", "trygghet:2026.1")
    for language in ("sv", "ar", "ti"):
        page.check(f"#languages-{language}")
    page.check("#mode-both")
    page.fill("#opens", (today - timedelta(days=1)).isoformat())
    page.fill("#closes", (today + timedelta(days=21)).isoformat())
    areas = page.locator("#areas input[type=checkbox]")
    areas.nth(0).check()
    areas.nth(1).check()
    page.fill("#names_sv", "Trygghet i webbläsaren")
    page.fill("#intro_sv", "Berätta hur trygg du känner dig.")
    page.fill("#thanks_sv", "Tack för att du svarade!")
    page.fill("#privacy_sv", "Exempelby kommun är personuppgiftsansvarig.")
    page.fill("#organiser", "Exempelby kommun, trygghetsenheten")
    page.fill("#contact", "Sara Svensson, 010-765 43 21")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara kampanjen").click()
    assert page.url.endswith(f"/staff/campaigns/{SLUG}?saved=1"), page.url
    assert page.locator("#campaign-status").inner_text() == "Öppen"
    assert_accessible(page, "campaign overview")
    _fits(page, "campaign overview")

    with page.expect_navigation():
        page.get_by_role("link", name="Redigera kampanj").click()
    assert page.input_value("#names_sv") == "Trygghet i webbläsaren"
    assert_accessible(page, "edit campaign form")
    _fits(page, "edit campaign form")

    resident = phone().new_page()
    resident.goto(f"/s/{SLUG}?lang=sv")
    main = resident.locator("main").inner_text()
    assert "Berätta hur trygg du känner dig." in main
    assert "Sara Svensson, 010-765 43 21" in main
    assert_accessible(resident, "survey start page with the campaign's contact details")
    resident.goto(f"/s/{SLUG}?lang=ar")
    assert_accessible(resident, "survey start page in Arabic")
    _fits(resident, "survey start page in Arabic")
    assert errors == [], "no script or Content-Security-Policy errors"
