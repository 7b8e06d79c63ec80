"""A resident finds the way: front page, no resubmission on back, errors that take the focus,
a language switch that keeps the ticks, translated map controls."""

from __future__ import annotations

from tests.browser.answering import answer_until_done, fill, next_page
from tests.browser.conftest import assert_accessible
from tests.surveyapp.respondent import FULL_PLAN

SLUG = "trygghet-2026"


def start_open(page, language: str = "sv") -> None:
    page.goto(f"/s/{SLUG}?lang={language}")
    with page.expect_navigation():
        page.locator("form[action$='/start'] button").click()


def test_front_page_lists_everything_a_resident_can_take_part_in(phone):
    page = phone().new_page()
    page.goto("/?lang=sv")
    links = {a.inner_text().strip(): a.get_attribute("href")
             for a in page.locator("main a").all()}
    assert any(href == f"/s/{SLUG}" for href in links.values()), links
    assert "/karta/trygghet-2026" in links.values()
    assert links["Delta i en trygghetsvandring"] == "/vandring"
    assert "/atgarder" in links.values()
    assert_accessible(page, "front page (Swedish)")
    for href in {"/karta/trygghet-2026", "/vandring", "/atgarder"}:
        with page.expect_navigation():
            page.locator(f'main a[href="{href}"]').first.click()
        assert page.url.endswith(href)
        page.go_back()


def test_back_after_sending_shows_the_thank_you_page_not_a_resubmission(phone):
    page = phone().new_page()
    start_open(page)
    methods: list[str] = []
    page.on("request", lambda request: methods.append(request.method)
            if request.is_navigation_request() else None)
    for _ in range(20):
        if page.locator('button[value="next"]').inner_text() == "Skicka mina svar":
            break
        fill(page, FULL_PLAN)
        next_page(page)
    # The last page refused once (a wrong number), then sent: two POSTs in the history.
    fill(page, dict(FULL_PLAN, bott_ar="sju"))
    next_page(page)
    assert page.locator("#error-summary").is_visible()
    fill(page, FULL_PLAN)
    next_page(page)
    assert page.url.endswith("/thanks")
    assert_accessible(page, "thank-you page with its links")
    assert page.locator('main a[href="/karta/trygghet-2026"]').count() == 1
    assert page.locator('main a[href^="/atgarder"]').count() >= 1

    methods.clear()
    response = page.go_back()
    assert response is not None and response.request.method == "GET"
    assert methods and set(methods) == {"GET"}, "going back re-posted nothing"
    assert page.url.endswith("/thanks"), "the sent page leads back to the thank-you page"
    assert page.locator("h1").inner_text() == "Tack för dina svar"
    page.reload()
    assert page.url.endswith("/thanks")


def test_error_summary_takes_the_focus_names_the_question_and_links_to_its_field(phone):
    page = phone().new_page()
    start_open(page)
    next_page(page)  # nothing answered
    page.wait_for_function("document.activeElement.id === 'error-summary'", timeout=5000)
    links = page.locator("#error-summary a")
    assert links.count() == 3
    first = links.first
    target = first.get_attribute("href").removeprefix("#")
    question = page.locator(f"#{target}").evaluate(
        "e => e.closest('fieldset, .question').querySelector('legend, label').innerText")
    assert question.strip().startswith(first.inner_text().strip()[:20])
    first.click()
    assert page.evaluate("document.activeElement.id") == target
    assert_accessible(page, "page with errors")
    page.goto(page.url.split("#")[0])  # a fragment would follow the redirects
    answer_until_done(page)  # the live server is shared: leave no draft behind


def test_switching_language_keeps_what_was_ticked(phone):
    page = phone().new_page()
    start_open(page)
    fill(page, {"kon": "f", "alder": "45-64"})
    page.locator(".langs summary").click()
    with page.expect_navigation():
        page.locator('.langs button[lang="ar"]').click()
    assert page.get_attribute("html", "lang") == "ar"
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.locator('input[name="kon"][value="f"]').is_checked()
    assert page.locator('input[name="alder"][value="45-64"]').is_checked()
    assert page.locator("#error-summary").count() == 0, "a language switch validates nothing"
    assert_accessible(page, "question page after switching to Arabic")
    answer_until_done(page)


def test_leaflet_controls_speak_the_pages_language(phone):
    page = phone().new_page()
    page.goto("/karta/trygghet-2026?lang=sv")
    page.wait_for_selector(".leaflet-control-zoom-in")
    assert page.get_attribute(".leaflet-control-zoom-in", "title") == "Zooma in"
    assert page.get_attribute(".leaflet-control-zoom-out", "title") == "Zooma ut"
    page.goto("/atgarder?lang=ar")
    page.wait_for_selector(".leaflet-control-zoom-in")
    titles = page.eval_on_selector_all(".leaflet-control a[title]", "els => els.map(e => e.title)")
    assert titles and not {"Zoom in", "Zoom out",
                           "A JavaScript library for interactive maps"} & set(titles)
