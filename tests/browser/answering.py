"""Answering question pages in Chromium the way a resident does: tap the labels, type, go on."""

from __future__ import annotations

import re

from tests.surveyapp.respondent import FULL_PLAN


def fields_on(page) -> list[str]:
    """Names of the answer fields on the current page."""
    names = page.eval_on_selector_all(
        "form input[name], form select[name], form textarea[name]",
        "els => els.map(e => e.name)",
    )
    return [n for n in dict.fromkeys(names) if n not in ("csrf_token", "action")]


def fill(page, plan: dict) -> None:
    """Fill every field of the current page that the plan has an answer for."""
    for name in fields_on(page):
        if name not in plan:
            continue
        value = plan[name]
        kind = page.get_attribute(f'[name="{name}"]', "type") or ""
        tag = page.eval_on_selector(f'[name="{name}"]', "e => e.tagName.toLowerCase()")
        if kind in ("radio", "checkbox"):
            for item in value if isinstance(value, list) else [value]:
                target = page.locator(f'input[name="{name}"][value="{item}"]')
                if not target.is_checked():
                    page.locator(f'label[for="{target.get_attribute("id")}"]').tap()
        elif tag == "select":
            page.select_option(f'select[name="{name}"]', value)
        else:
            page.fill(f'[name="{name}"]', str(value))


def next_page(page) -> None:
    """Press the main button (Next / Send) and wait for the next document."""
    with page.expect_navigation():
        page.locator('button[value="next"]').click()


def answer_until_done(page, plan: dict = FULL_PLAN, limit: int = 25) -> int:
    """Fill and go on until the thank-you page; returns how many pages were posted."""
    for posted in range(1, limit + 1):
        fill(page, plan)
        next_page(page)
        if re.search(r"/thanks$", page.url):
            return posted
    raise AssertionError(f"never reached the thank-you page, stuck at {page.url}")
