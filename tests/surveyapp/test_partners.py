"""Partner reports: the form (row errors), periods, moderation, summary, who has not reported."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from surveyapp.db import db
from surveyapp.partners.models import PartnerReport
from surveyapp.partners.periods import period_start
from tests.conftest import csrf_token
from tests.surveyapp.cycle_data import area, member, organisation


@pytest.fixture
def setup(app) -> dict[str, int]:
    ids = {"guards": organisation(app, "Vaktbolaget Nord", "vaktbolag", weeks=1),
           "housing": organisation(app, "Bostadsbolaget Syd", "bostadsbolag", weeks=2),
           "area": area(app, "P1")}
    member(app, "vakt@vakt.se", ["walk_leader"], ids["guards"])
    return ids


def _report(client, setup, **fields):
    data = {"csrf_token": csrf_token(client, "/staff/partner-reports/new"),
            "organisation": str(setup["guards"]), "area": str(setup["area"]),
            "period": "2026-11-25", "event-1-category": "klotter", "event-1-count": "4",
            "event-1-time": "night", "event-1-place": "Tunneln", "note": "", **fields}
    return client.post("/staff/partner-reports/new?lang=sv", data=data)


def _reports(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(PartnerReport))


def test_periods_are_iso_weeks_or_fortnights_from_a_fixed_monday():
    assert period_start(date(2026, 11, 25), 1) == date(2026, 11, 23)  # a Wednesday → Monday
    start = period_start(date(2026, 11, 25), 2)
    assert start.weekday() == 0 and (start - date(2024, 1, 1)).days % 14 == 0
    assert start <= date(2026, 11, 25) < start + timedelta(days=14)
    # brute force: every day of two years falls in exactly one fortnight
    for offset in range(730):
        day = date(2025, 1, 1) + timedelta(days=offset)
        first = period_start(day, 2)
        assert first <= day <= first + timedelta(days=13)


def test_a_partner_files_a_report_for_the_week(app, log_in, setup):
    guard = log_in(app.test_client(), ["walk_leader"], "vakt@vakt.se")
    assert _report(guard, setup, **{"event-2-category": "berusning", "event-2-count": "2",
                                    "event-2-time": "evening"}).status_code == 303
    with app.app_context():
        report = db.session.scalar(select(PartnerReport))
        assert report.period_start == date(2026, 11, 23) and report.period_weeks == 1
        assert [(e.category, e.count, e.time_of_day) for e in report.events] == [
            ("klotter", 4, "night"), ("berusning", 2, "evening")]
    again = _report(guard, setup, **{"event-1-count": "6"})
    assert again.status_code == 303
    assert _reports(app) == 1, "a second report for the same week replaces the first"


@pytest.mark.parametrize(("fields", "message"), [
    ({"event-1-count": "fyra"},
     "Händelserad 1, antal: ”fyra” är inte ett heltal från 1 till 10000."),
    ({"event-3-category": "ufo", "event-3-count": "1", "event-3-time": "day"},
     "Händelserad 3, kategori: välj en i listan."),
    ({"event-1-time": ""}, "Händelserad 1, tid på dygnet: välj en i listan."),
    ({"period": "i går"}, "Skriv en dag i rapportperioden som ÅÅÅÅ-MM-DD."),
    ({"area": "0"}, "Välj ett område i listan."),
])
def test_a_wrong_report_names_the_row_and_field_and_stores_nothing(
        app, log_in, setup, fields, message):
    guard = log_in(app.test_client(), ["walk_leader"], "vakt@vakt.se")
    response = _report(guard, setup, **fields)
    assert response.status_code == 422 and message in response.text
    assert _reports(app) == 0


def test_a_partner_cannot_report_for_another_organisation(app, log_in, setup):
    guard = log_in(app.test_client(), ["walk_leader"], "vakt@vakt.se")
    response = _report(guard, setup, organisation=str(setup["housing"]))
    assert response.status_code == 422 and _reports(app) == 0


def test_free_text_is_moderated_before_the_summary_shows_it(app, log_in, setup):
    guard = log_in(app.test_client(), ["walk_leader"], "vakt@vakt.se")
    _report(guard, setup, note="Grupp samlas vid tunneln, ring 070-123 45 67")
    analyst = log_in(app.test_client(), ["analyst"])
    summary = analyst.get("/staff/partner-reports?from=2026-11-01&to=2026-11-30&lang=sv").text
    assert "Grupp samlas" not in summary, "not before a moderator approved it"
    assert "1 rapporter med 4 händelser." in summary
    moderator = log_in(app.test_client(), ["moderator"])
    queue = moderator.get("/staff/partner-reports/moderation").text
    assert "Grupp samlas" in queue and "phone" in queue, "the phone number is flagged"
    with app.app_context():
        report_id = db.session.scalar(select(PartnerReport.id))
    token = csrf_token(moderator, "/staff/partner-reports/moderation")
    assert moderator.post(f"/staff/partner-reports/{report_id}/moderate",
                          data={"csrf_token": token, "decision": "approve"}).status_code == 303
    summary = analyst.get("/staff/partner-reports?from=2026-11-01&to=2026-11-30").text
    assert "Grupp samlas" in summary


def test_the_summary_sums_events_of_the_span_only(app, log_in, setup):
    from surveyapp.partners.services import reports_between, summarise

    guard = log_in(app.test_client(), ["walk_leader"], "vakt@vakt.se")
    _report(guard, setup)
    _report(guard, setup, period="2026-11-30", **{"event-1-count": "7"})
    _report(guard, setup, period="2026-10-05", **{"event-1-count": "100"})
    with app.app_context():
        summary = summarise(reports_between(date(2026, 11, 1), date(2026, 11, 30)))
        assert summary.reports == 2 and summary.by_category["klotter"] == 4 + 7
        assert summary.by_time["night"] == 11


def test_the_list_of_who_has_not_reported_this_period(app, log_in, setup):
    from surveyapp.partners.services import not_reported

    guard = log_in(app.test_client(), ["walk_leader"], "vakt@vakt.se")
    _report(guard, setup, period=date.today().isoformat())
    with app.app_context():
        missing = [o.name for o, _start, _end in not_reported(date.today())]
    assert missing == ["Bostadsbolaget Syd"], "the guards reported, the housing company not"
    page = log_in(app.test_client(), ["coordinator"]).get("/staff/partner-reports").text
    assert "Bostadsbolaget Syd" in page.split('id="not-reported"')[1].split("</ul>")[0]
