"""Readable at 320 px: no page of the survey scrolls sideways on a small phone."""

from __future__ import annotations

import pytest

from tests.browser.answering import fill, next_page
from tests.surveyapp.respondent import FULL_PLAN


@pytest.mark.parametrize("language", ["sv", "ar"])
def test_no_sideways_scrolling_at_320_px(browser, live_server, language):
    context = browser.new_context(viewport={"width": 320, "height": 640}, has_touch=True,
                                  base_url=live_server["url"])
    page = context.new_page()
    page.goto(f"/s/trygghet-2026?lang={language}")
    with page.expect_navigation():
        page.locator("form[action$='/start'] button").click()
    widths = {}
    for _ in range(12):
        widths[page.url] = page.evaluate("document.documentElement.scrollWidth")
        fill(page, FULL_PLAN)
        next_page(page)
        if page.url.endswith("/thanks"):
            break
    context.close()
    assert page.url.endswith("/thanks")
    assert len(widths) >= 8
    assert max(widths.values()) <= 320, widths
