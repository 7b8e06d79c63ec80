"""A whole survey year in Chromium on a fresh database, no CLI: an admin adds the staff accounts,
imports the areas and uploads the questionnaire; a coordinator creates a campaign (letters and
open link, sv/ar/ti), prints letters, residents answer with a code and by the open link in
Arabic, the coordinator closes the campaign and creates a dialogue map, a resident drops a pin,
the moderator approves it, and the coordinator sees the answers and the pin in the overviews."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from babel.dates import format_date
from werkzeug.serving import make_server

from surveyapp.auth.models import User
from surveyapp.db import db
from surveyapp.demo import DEMO_AREAS, square
from tests.browser.answering import answer_until_done
from tests.browser.conftest import assert_accessible
from tests.conftest import REPO, make_test_app

ADMIN = "it@exempelby.se"
COORDINATOR = "samordnare@exempelby.se"
MODERATOR = "moderator@exempelby.se"
PASSWORD = "a long enough password"
CAMPAIGN, DIALOGUE = "trygghet-2027", "parken-2027"
AREAS = DEMO_AREAS[:3]  # the standard answers (tests/surveyapp/respondent.py) use R001 and R002


@pytest.fixture(scope="module")
def live_server(tmp_path_factory) -> Iterator[dict]:
    """A fresh, migrated database with one admin account (as the installer leaves it) and
    nothing else: no areas, no questionnaire, no campaign. Overrides the demo server for the
    ``phone`` fixture of this module."""
    path = tmp_path_factory.mktemp("year") / "year.db"
    app = make_test_app(f"sqlite:///{path}")
    with app.app_context():
        admin = User(email=ADMIN, roles=["admin"])
        admin.set_password(PASSWORD)
        db.session.add(admin)
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"url": f"http://127.0.0.1:{server.port}", "app": app}
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


def log_in(page, email: str, password: str = PASSWORD) -> None:
    page.goto("/login?lang=sv")
    page.fill("#email", email)
    page.fill("#password", password)
    with page.expect_navigation():
        page.locator("form button[type=submit]").click()
    assert "/login" not in page.url, f"{email} could not log in"


def submit(page, button) -> None:
    with page.expect_navigation():
        button.click()


def follow(page, name: str) -> None:
    """Click the link called ``name`` (how a new user finds the pages, no typed addresses)."""
    with page.expect_navigation():
        page.get_by_role("link", name=name, exact=True).first.click()


def add_account(page, email: str, role: str) -> None:
    form = page.locator("form[action$='/staff/users']")
    form.locator("#new-email").fill(email)
    form.locator("#new-password").fill(PASSWORD)
    form.locator(f"input[name=roles][value={role}]").check()
    submit(page, form.locator("button[type=submit]"))
    assert page.locator("legend", has_text=email).count() == 1, page.locator("main").inner_text()


def admin_prepares_the_installation(page) -> None:
    """Accounts, areas and the questionnaire, all through the staff pages."""
    log_in(page, ADMIN)
    assert page.url.endswith("/staff/"), page.url
    follow(page, "Personalkonton")
    add_account(page, COORDINATOR, "coordinator")
    add_account(page, MODERATOR, "moderator")

    areas = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": code, "name": name},
         "geometry": square(row, column)} for code, name, row, column in AREAS]}
    page.goto("/staff/")
    follow(page, "Områden")
    page.set_input_files("#area-file", files=[{
        "name": "omraden.geojson", "mimeType": "application/geo+json",
        "buffer": json.dumps(areas).encode()}])
    submit(page, page.locator("form[action$='/import'] button[type=submit]"))
    assert page.locator(".notice").inner_text() == "3 områden skapade, 0 uppdaterade."
    assert page.locator("tbody tr").count() == 3

    page.goto("/staff/")
    follow(page, "Enkäter")
    page.set_input_files("input[type=file][name=file]",
                         REPO / "questionnaires" / "library" / "trygghet.yaml")
    submit(page, page.locator("form[enctype] button[type=submit]"))
    assert "/staff/questionnaires/" in page.url and "2026.1" in page.locator("main").inner_text()


def coordinator_creates_the_campaign(page) -> None:
    today = date.today()
    page.goto("/staff/")
    follow(page, "Enkätkampanjer")
    follow(page, "Ny kampanj")
    page.fill("#slug", CAMPAIGN)
    page.select_option("#questionnaire", "trygghet:2026.1")
    for language in ("sv", "ar", "ti"):
        page.check(f"#languages-{language}")
    page.check("#mode-both")
    page.fill("#opens", (today - timedelta(days=1)).isoformat())
    page.fill("#closes", (today + timedelta(days=30)).isoformat())
    boxes = page.locator("#areas input[type=checkbox]")
    for index in range(boxes.count()):
        boxes.nth(index).check()
    page.fill("#names_sv", "Trygghetsundersökning 2027")
    page.fill("#thanks_sv", "Tack för att du svarade!")
    page.locator("summary[lang=ar]").click()
    page.fill("#names_ar", "استبيان الأمان 2027")
    page.fill("#thanks_ar", "شكرًا لمساعدتك في جعل حيّك أكثر أمانًا.")
    page.fill("#organiser", "Exempelby kommun, trygghetsenheten")
    page.fill("#contact", "Sara Svensson, 010-765 43 21")
    submit(page, page.get_by_role("button", name="Spara kampanjen"))
    assert page.url.endswith(f"/staff/campaigns/{CAMPAIGN}?saved=1"), page.url
    assert page.locator("#campaign-status").inner_text() == "Öppen"


def coordinator_prints_letters(page) -> list[str]:
    """Upload a three-row sampling frame; the codes exist only on the printed letters."""
    frame = ("löpnummer;område;kön;ålder;namn;adress;postnummer;ort\n"
             "1;0682R001;f;25-44;Anna Andersson;Storgatan 1;123 45;Exempelby\n"
             "2;0682R002;m;45-64;Bo Berg;Lillgatan 2;123 46;Exempelby\n"
             "3;0682R003;f;65-84;Cecilia Ek;Torget 3;123 47;Exempelby\n")
    with page.expect_navigation():
        page.get_by_role("link", name="Inbjudningsbrev").click()
    page.set_input_files("#frame", files=[{"name": "urval.csv", "mimeType": "text/csv",
                                           "buffer": frame.encode()}])
    submit(page, page.get_by_role("button", name="Skapa koder och brev"))
    assert page.locator("article.letter").count() == 3, page.locator("main").inner_text()
    assert "Bo Berg" in page.locator("article.letter").nth(1).inner_text()
    return page.locator("article.letter .code").all_inner_texts()


def resident_answers_with_a_code(page, code: str) -> None:
    page.goto(f"/s/{CAMPAIGN}?lang=sv")
    page.fill("#code", code)
    submit(page, page.locator("form[action$='/code'] button"))
    answer_until_done(page)
    assert "Tack för att du svarade!" in page.locator("main").inner_text()


def resident_answers_by_the_open_link_in_arabic(page) -> None:
    page.goto(f"/s/{CAMPAIGN}?lang=ar")
    assert page.get_attribute("html", "dir") == "rtl"
    submit(page, page.locator("form[action$='/start'] button"))
    answer_until_done(page)
    assert page.get_attribute("html", "lang") == "ar"
    assert page.locator("h1").inner_text() == "شكرًا على إجاباتك"
    assert page.locator(".campaign-thanks").inner_text() == "شكرًا لمساعدتك في جعل حيّك أكثر أمانًا."
    assert_accessible(page, "thank-you page in Arabic")


def overview_counts(page) -> dict[str, list[str]]:
    """The rows of the campaign overview's area table: area name -> [with code, paper, open,
    invited]."""
    rows = {}
    for row in page.locator("table").first.locator("tbody tr").all():
        rows[row.locator("th").inner_text()] = row.locator("td").all_inner_texts()
    return rows


def coordinator_creates_the_dialogue(page) -> None:
    page.goto("/staff/")
    follow(page, "Dialogkartor")
    follow(page, "Ny dialogkarta")
    page.fill("#field-slug", DIALOGUE)
    page.fill("#field-title_sv", "Trygghet i parken")
    page.fill("#field-title_ar", "الأمان في الحديقة")
    page.fill("#field-intro_sv", "Markera platser där du känner dig otrygg.")
    page.locator("input[name=areas]").first.check()
    page.check("#source-library")
    page.check("#moderation-text_waits")
    page.fill("#field-opens", (date.today() - timedelta(days=1)).isoformat())
    page.fill("#field-closes", (date.today() + timedelta(days=30)).isoformat())
    submit(page, page.locator("form button[type=submit]").first)
    assert page.locator(".notice").count() == 1, page.locator("main").inner_text()


def resident_marks_the_map_centre(page, comment: str) -> None:
    page.goto(f"/karta/{DIALOGUE}?lang=sv")
    page.wait_for_selector('#map[data-ready="true"]', timeout=45000)
    page.locator("#mark-centre").focus()
    page.keyboard.press("Enter")
    assert page.input_value("#pin-lat") != ""
    assert page.input_value("#field-area") == AREAS[0][0]
    page.select_option("#field-category", "belysning")
    page.fill("#field-comment", comment)
    submit(page, page.locator("#pin-form button[type=submit]"))
    assert page.locator("#added .notice").count() == 1


def moderator_approves(page, comment: str) -> None:
    log_in(page, MODERATOR)
    follow(page, "Moderering")
    item = page.locator("li", has_text=comment)
    submit(page, item.locator('button[value="approve"]'))
    assert page.locator("li", has_text=comment).count() == 0


def test_a_survey_year_from_the_browser_only(phone):
    admin_prepares_the_installation(phone().new_page())

    coordinator = phone().new_page()
    log_in(coordinator, COORDINATOR)
    coordinator_creates_the_campaign(coordinator)
    codes = coordinator_prints_letters(coordinator)
    assert len(set(codes)) == 3

    resident_answers_with_a_code(phone().new_page(), codes[0])
    resident_answers_by_the_open_link_in_arabic(phone().new_page())

    coordinator.goto(f"/staff/campaigns/{CAMPAIGN}?lang=sv")
    facts = coordinator.locator(".campaign-facts").inner_text()
    assert "Svar\n2\n" in facts, facts
    assert "Status\nÖppen\nSvarsperiod\n" in facts, facts
    # one in three invited answered, in the locale's number format
    assert "Svarsfrekvens bland inbjudna\n33,3\u00a0% (1 / 3)" in facts, facts
    # A code's answer counts in its letter's area (Centrum), the open link's in the area the
    # resident named (Norrmalm); every area had one letter. Columns: with code, paper, open
    # link, imported, invitations.
    assert overview_counts(coordinator) == {"Centrum": ["1", "0", "0", "0", "1"],
                                            "Norrmalm": ["0", "0", "1", "0", "1"],
                                            "Söderby": ["0", "0", "0", "0", "1"]}
    # The letter round, with the response rate before it and now.
    rounds = coordinator.locator("table").nth(1).inner_text()
    assert "1: brev" in rounds and "0 / 3" in rounds and "33,3\u00a0%" in rounds, rounds
    assert_accessible(coordinator, "campaign overview with answers")

    submit(coordinator, coordinator.get_by_role("button", name="Stäng kampanjen nu"))
    assert coordinator.locator("#campaign-status").inner_text() == "Avslutad"
    late = phone().new_page()
    late.goto(f"/s/{CAMPAIGN}?lang=sv")
    closed = f"Undersökningen stängde den {format_date(date.today(), 'long', locale='sv')}."
    assert closed in late.locator("main").inner_text(), "the day it was closed, not planned"
    assert late.locator("form[action$='/start']").count() == 0

    coordinator_creates_the_dialogue(coordinator)
    comment = "Trasig lampa vid lekplatsen"
    resident_marks_the_map_centre(phone().new_page(), comment)
    moderator_approves(phone().new_page(), comment)

    coordinator.goto("/staff/dialogues?lang=sv")
    listed = coordinator.locator("li", has_text="Trygghet i parken")
    assert listed.locator(".pin-counts").inner_text() == "På kartan: 1, väntar på granskning: 0"
    assert_accessible(coordinator, "staff list of dialogue maps with pins")
    public = phone().new_page()
    public.goto(f"/karta/{DIALOGUE}?lang=sv")
    public.wait_for_selector('#map[data-ready="true"]', timeout=45000)
    assert comment in public.locator(".pin-comments").inner_text()
    assert len(public.request.get(f"/karta/{DIALOGUE}/pins.json").json()["pins"]) == 1
