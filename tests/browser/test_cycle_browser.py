"""One turn of the lägesbild cycle in the browser: crime counts for two years, two partner
reports, a problem with evidence from three sources and two causes, an åtgärdsplan with two
actions approved and frozen, a status that moves, a medborgarlöfte in Swedish and Arabic, then the
tertial report and the annual lägesbild built, frozen with their approval and downloaded as DOCX
(opened with python-docx: the tables under their captions and the charts as PNG)."""

from __future__ import annotations

import io
from datetime import date, timedelta

from docx import Document
from sqlalchemy import select

from surveyapp.auth.models import User
from surveyapp.db import db
from surveyapp.organisations.models import Organisation
from surveyapp.organisations.services import set_membership
from tests.browser.conftest import assert_accessible
from tests.browser.test_walks_browser import log_in, staff_user
from tests.surveyapp.docx_reading import captioned_tables, check_png, png_images

EMAIL = "lagesbild@exempelby.se"  # its own account: staff_user creates each e-mail once
TODAY = date.today()
TERTIAL = (TODAY.month - 1) // 4 + 1
MONTHS = range(4 * TERTIAL - 3, 4 * TERTIAL + 1)


def _crime_csv() -> bytes:
    lines = ["område;år;månad;brottskategori;antal"]
    for year in (TODAY.year - 1, TODAY.year):
        for month in range(1, 13):
            lines.append(f"0682R001;{year};{month};Skadegörelse;{10 + month}")
            lines.append(f"0682R002;{year};{month};Skadegörelse;{2 + month % 3}")
    return ("\n".join(lines) + "\n").encode()


def _submit(page) -> None:
    with page.expect_navigation():
        page.locator("main form button[type=submit]").last.click()


def test_one_turn_of_the_cycle(phone, live_server):
    staff_user(live_server, EMAIL, ["analyst", "coordinator", "moderator", "action_owner"])
    with live_server["app"].app_context():
        user = db.session.scalar(select(User).where(User.email == EMAIL))
        police = db.session.scalar(select(Organisation).where(
            Organisation.name == "Lokalpolisområde Centrum"))
        set_membership(user.id, police.id)
        db.session.commit()
    page = phone().new_page()
    log_in(page, EMAIL)

    page.goto("/staff/indicators?lang=sv")
    page.fill("#name", "Anmälda brott")
    page.fill("#source", "Polisen, öppen statistik")
    page.fill("#definition", "Anmälda brott per månad")
    page.set_input_files("#file", files=[{"name": "polisen.csv", "mimeType": "text/csv",
                                          "buffer": _crime_csv()}])
    _submit(page)
    assert "1 serier inlästa." in page.locator(".note").inner_text()
    assert_accessible(page, "indicator list")

    for day in (date.today(), date.today() - timedelta(days=7)):
        page.goto("/staff/partner-reports/new?lang=sv")
        page.select_option("#organisation", label="Lokalpolisområde Centrum")
        page.select_option("#area", label="Centrum")
        page.fill("#period", day.isoformat())
        page.select_option("#event-1-category", "klotter")
        page.fill("#event-1-count", "3")
        page.select_option("#event-1-time", "night")
        _submit(page)
        assert page.locator(".note[role=status]").is_visible()
    assert_accessible(page, "partner report form")

    page.goto("/staff/problems?lang=sv")
    page.fill("#title", "Skadegörelse i centrum")
    page.select_option("#area", label="Centrum")
    page.fill("#period_start", f"{date.today().year - 1}-01-01")
    page.fill("#period_end", date.today().isoformat())
    _submit(page)
    for kind, field in (("indicator_series", "#evidence-series"), ("partner_reports", None),
                        ("observation", "#evidence-number")):
        page.select_option("#evidence-kind", kind)
        if field == "#evidence-series":
            page.select_option(field, label="Anmälda brott – Skadegörelse")
        elif field:
            with live_server["app"].app_context():
                from surveyapp.walks.models import Observation

                number = db.session.scalar(select(Observation.id).order_by(Observation.id))
            page.fill(field, str(number))
        with page.expect_navigation():
            page.get_by_role("button", name="Koppla underlaget").click()
    assert page.locator("#evidence-list li").count() == 3
    for factor, text in (("place", "Mörk tunnel"), ("guardian", "Ingen vakt på natten")):
        page.select_option("#cause-factor", factor)
        page.fill("#cause-cause", text)
        with page.expect_navigation():
            page.get_by_role("button", name="Lägg till orsaken").click()
    page.select_option("#priority-priority", "high")
    page.fill("#priority-priority_decision", "Brottsförebyggande rådet § 4")
    page.fill("#priority-prioritised_on", date.today().isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="Registrera prioriteringen").click()
    assert "Hög" in page.locator("#priority-shown").inner_text()
    assert_accessible(page, "problem with evidence and causes")

    page.goto("/staff/plans?lang=sv")
    page.fill("#title", "Åtgärdsplan centrum")
    page.fill("#period_start", f"{date.today().year}-01-01")
    page.fill("#period_end", f"{date.today().year}-12-31")
    _submit(page)
    for title in ("Belysning i tunneln", "Nattpatrullering"):
        page.select_option("#item-problem", label="Skadegörelse i centrum (Hög)")
        page.fill("#item-title", title)
        page.select_option("#item-organisation", label="Lokalpolisområde Centrum")
        page.fill("#item-expected_effect", "Färre anmälda skadegörelser")
        page.select_option("#item-series", label="Anmälda brott – Skadegörelse")
        with page.expect_navigation():
            page.get_by_role("button", name="Lägg till åtgärden").click()
    assert page.locator("#plan-items tbody tr").count() == 2
    page.fill("#approved_by", "Kommunstyrelsen")
    page.fill("#approval_reference", "§ 39")
    page.fill("#approved_on", date.today().isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="Registrera fastställandet och lås planen").click()
    assert "Planen är låst" in page.locator("#approval").inner_text()
    assert page.get_by_role("button", name="Lägg till åtgärden").count() == 0
    assert_accessible(page, "approved plan")

    with page.expect_navigation():
        page.get_by_role("link", name="Belysning i tunneln").click()
    page.select_option("#status", "in_progress")
    page.fill("#status_comment", "Beställt")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert "Beställt" in page.locator("ol.history").inner_text()

    page.goto("/staff/promises?lang=sv")
    page.fill("#slug", "centrum")
    page.fill("#period_start", f"{date.today().year}-01-01")
    page.fill("#period_end", f"{date.today().year + 1}-12-31")
    page.fill("#signed_police", "Lokalpolisområdeschefen")
    page.fill("#signed_municipality", "Kommunstyrelsens ordförande")
    page.fill("#signed_on", date.today().isoformat())
    page.fill("#title_sv", "Tryggare centrum")
    page.fill("#text_sv", "Vi lovar bättre belysning.")
    page.fill("#title_ar", "مركز أكثر أمانًا")
    page.fill("#text_ar", "نعد بإضاءة أفضل.")
    _submit(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Publicera").click()

    resident = phone().new_page()
    resident.goto("/medborgarloften/centrum?lang=ar")
    heading = resident.locator("h1")
    assert heading.inner_text() == "مركز أكثر أمانًا"
    assert heading.get_attribute("lang") == "ar" and heading.get_attribute("dir") == "rtl"
    assert_accessible(resident, "public promise in Arabic")
    resident.goto("/medborgarloften/centrum?lang=sv")
    assert resident.locator("h1").inner_text() == "Tryggare centrum"
    _reports(page)


def _freeze_and_download(page, query: str, reference: str) -> Document:
    """Show the report of ``query``, freeze it with its approval, download the frozen DOCX."""
    page.goto(f"/staff/reports?{query}&lang=sv")
    assert_accessible(page, f"report {query}")
    page.fill("#approved_by", "Kommunstyrelsen")
    page.fill("#approval_reference", reference)
    page.fill("#approved_on", TODAY.isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="Frys den här versionen").click()
    assert f"Kommunstyrelsen {reference}" in page.locator(".note").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner som Word (DOCX)").click()
    assert download.value.suggested_filename.endswith("-v" + page.url.rsplit("/", 1)[1]
                                                      + ".docx")
    with open(download.value.path(), "rb") as stream:
        return Document(io.BytesIO(stream.read()))


def _crimes(tables: dict[str, list[list[str]]], months: range) -> None:
    crimes = next(rows for caption, rows in tables.items()
                  if caption.startswith("Anmälda brott – Skadegörelse"))
    shown = {row[0]: row[1] for row in crimes[1:]}
    assert shown["Centrum"] == str(sum(10 + month for month in months))


def _reports(page) -> None:
    """The turn's crimes, partner events, problem and plan are in the tertial report and the
    annual lägesbild, each frozen and downloaded."""
    tertial = _freeze_and_download(page, f"kind=tertial&year={TODAY.year}&tertial={TERTIAL}",
                                   "§ 40")
    tables = captioned_tables(tertial)
    _crimes(tables, MONTHS)
    events = {row[0]: row[1:] for row in tables["Händelser per kategori"][1:]}
    in_tertial = sum(1 for day in (TODAY, TODAY - timedelta(days=7)) if day.month in MONTHS)
    assert events["Klotter"][0] == (str(3 * in_tertial) if in_tertial > 1 else "färre än 5")
    assert any(row[0] == "Skadegörelse i centrum"
               for row in tables["Periodens problem"][1:])
    annual = _freeze_and_download(page, f"kind=year&year={TODAY.year}", "§ 41")
    tables = captioned_tables(annual)
    _crimes(tables, range(1, 13))
    plan = next(rows for caption, rows in tables.items() if caption.startswith("Åtgärdsplan"))
    assert {row[0] for row in plan[1:]} == {"Belysning i tunneln", "Nattpatrullering"}
    for document in (tertial, annual):
        images = png_images(document)
        assert images and all(min(check_png(image)) >= 100 for image in images)
