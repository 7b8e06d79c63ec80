"""Readable on small phones: no public page scrolls sideways at 320 px in any script (sv, ar,
ti), and staff pages work at 390 px (walk leaders use them outdoors)."""

from __future__ import annotations

import pytest

from tests.browser.answering import fill, next_page
from tests.surveyapp.respondent import FULL_PLAN

PUBLIC_PAGES = ["/", "/s/trygghet-2026", "/karta/trygghet-2026", "/vandring", "/atgarder"]
STAFF_PAGES = ["/staff/", "/staff/walks", "/staff/walks/new", "/staff/walks/1",
               "/staff/walks/1/protocol", "/staff/actions", "/staff/actions/new",
               "/staff/invitations/", "/staff/invitations/trygghet-2026", "/staff/moderation",
               "/staff/results/", "/staff/results/trygghet-2026/weighting", "/staff/areas/",
               "/staff/questionnaires/", "/staff/users", "/staff/audit"]


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.fixture(scope="module")
def pins_with_long_words(live_server):
    """Approved pins in every category, so the map page has its table and comment list, with
    the longest words residents write (a pasted link, a long compound)."""
    from datetime import date

    import sqlalchemy as sa

    from questionnaires.categories import dialogue_vocabulary
    from surveyapp.db import db
    from surveyapp.dialogue.models import Dialogue, Pin

    with live_server["app"].app_context():
        dialogue = db.session.scalar(sa.select(Dialogue).where(Dialogue.slug == "trygghet-2026"))
        for area in dialogue.areas:
            for category in dialogue_vocabulary().categories:
                db.session.add(Pin(
                    dialogue_id=dialogue.id, lat=57.64, lng=14.70, area_id=area.id,
                    category=category.code, status="approved", created_on=date.today(),
                    comment="Gångtunnelsbelysningsreparationsarbetet https://example.se/"
                            "en/mycket/lang/adress/utan/mellanslag"))
        db.session.commit()


@pytest.mark.parametrize("language", ["sv", "ar", "ti"])
def test_no_sideways_scrolling_at_320_px(browser, live_server, pins_with_long_words, language):
    context = browser.new_context(viewport={"width": 320, "height": 640}, has_touch=True,
                                  base_url=live_server["url"])
    page = context.new_page()
    widths = {}
    for path in PUBLIC_PAGES:
        page.goto(f"{path}?lang={language}")
        page.wait_for_load_state("load")
        widths[path] = page_width(page)
    page.goto(f"/s/trygghet-2026?lang={language}")
    with page.expect_navigation():
        page.locator("form[action$='/start'] button").click()
    next_page(page)  # the page with its error summary
    widths["errors"] = page_width(page)
    for _ in range(12):
        widths[page.url] = page_width(page)
        fill(page, FULL_PLAN)
        next_page(page)
        if page.url.endswith("/thanks"):
            break
    widths[page.url] = page_width(page)
    context.close()
    assert page.url.endswith("/thanks")
    assert len(widths) >= 8 + len(PUBLIC_PAGES)
    assert max(widths.values()) <= 320, {k: v for k, v in widths.items() if v > 320}


def test_staff_pages_fit_a_phone(browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True, base_url=live_server["url"])
    page = context.new_page()
    demo = live_server["demo"]
    page.goto("/login?lang=sv")
    page.fill("#email", demo["email"])
    page.fill("#password", demo["password"])
    with page.expect_navigation():
        page.locator("form button[type=submit]").click()
    widths = {}
    for path in STAFF_PAGES:
        response = page.goto(path)
        assert response.status == 200, path
        widths[path] = page_width(page)
    context.close()
    assert max(widths.values()) <= 390, {k: v for k, v in widths.items() if v > 390}
