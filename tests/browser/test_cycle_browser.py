"""One turn of the lägesbild cycle in the browser: crime counts for two years, two partner
reports, a problem with evidence from three sources and two causes, an åtgärdsplan with two
actions approved and frozen, a status that moves, and a medborgarlöfte in Swedish and Arabic."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from surveyapp.auth.models import User
from surveyapp.db import db
from surveyapp.organisations.models import Organisation
from surveyapp.organisations.services import set_membership
from tests.browser.conftest import assert_accessible
from tests.browser.test_walks_browser import log_in, staff_user

EMAIL = "lagesbild@exempelby.se"  # its own account: staff_user creates each e-mail once


def _crime_csv() -> bytes:
    lines = ["område;år;månad;brottskategori;antal"]
    for year in (2024, 2025):
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
