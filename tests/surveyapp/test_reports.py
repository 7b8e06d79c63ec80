"""Reports per period: the tertial report's tables (HTML and DOCX) hold the period's pins,
observations, partner events and indicator totals, computed here from the fixture rows; small
counts stay suppressed; pins outside the period are left out; the period form is validated."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document

from surveyapp.actions.models import Action
from surveyapp.db import db
from surveyapp.dialogue.models import Pin
from surveyapp.indicators.models import IndicatorSeries, IndicatorValue
from surveyapp.partners.models import PartnerEvent, PartnerReport
from surveyapp.plans.models import ActionPlan, PlanItem
from surveyapp.problems.models import Problem, ProblemCause
from surveyapp.walks.models import Observation, Walk
from tests.surveyapp.cycle_data import area, organisation
from tests.surveyapp.docx_reading import captioned_tables

REPORT = "/staff/reports?kind=tertial&year=2025&tertial=1&lang=en"
DOCX = "/staff/reports/docx?kind=tertial&year=2025&tertial=1&lang=en"
POPULATION_A = 8 * 500
# pins created in the report period (January–April 2025), the one before
# (September–December 2024) and outside both
PINS = {"A": [date(2025, 2, d) for d in range(1, 8)] + [date(2025, 5, 2), date(2024, 10, 3),
                                                      date(2024, 11, 3)],
        "B": [date(2025, 3, 1)] * 3}
OBSERVATIONS = {date(2025, 3, 10): 6, date(2024, 10, 1): 5, date(2025, 6, 1): 9}
VALUES = {("A", "2025-01"): 30, ("A", "2025-02"): 12, ("A", "2025-05"): 100,
          ("A", "2024-12"): 99, ("B", "2025-03"): 3}
EVENTS = [("skadegorelse", "evening", 8), ("klotter", "night", 2)]


def _walk(area_id: int, day: date, observations: int, code: str) -> Walk:
    return Walk(area_id=area_id, date=day, meeting_point="Torget", join_code=code,
                observations=[Observation(category="belysning", description="Mörkt",
                                          severity=2, lat=57.6, lng=14.7)
                              for _ in range(observations)])


@pytest.fixture
def analyst(app, log_in):
    ids = {"A": area(app, "S1", {2025: [500] * 8}), "B": area(app, "S2", {2025: [250] * 8})}
    partner = organisation(app, "Områdespolisen Test", "polis", weeks=1)
    with app.app_context():
        for code, days in PINS.items():
            db.session.add_all(Pin(source="dialogue", lat=57.6, lng=14.7, category="annat",
                                   status="approved", flags=[], created_on=d, area_id=ids[code])
                               for d in days)
        db.session.add(Pin(source="dialogue", lat=57.6, lng=14.7, category="annat",
                           status="pending", flags=[], created_on=date(2025, 2, 1),
                           area_id=ids["A"]))
        db.session.add_all(_walk(ids["A"], day, n, f"W{i}")
                           for i, (day, n) in enumerate(OBSERVATIONS.items()))
        db.session.add(PartnerReport(
            organisation_id=partner, area_id=ids["A"], period_start=date(2025, 2, 3),
            period_weeks=1, submitted_on=date(2025, 2, 9), note="", flags=[],
            events=[PartnerEvent(category=c, time_of_day=t, count=n) for c, t, n in EVENTS]))
        series = IndicatorSeries(name="Skadegörelse", source="Polisen",
                                 definition="Anmäld skadegörelse", measure="count",
                                 imported_on=date(2025, 6, 1))
        series.values = [IndicatorValue(area_id=ids[code], period=period, value=value)
                         for (code, period), value in VALUES.items()]
        db.session.add(series)
        problem = Problem(title="Mörk gångtunnel", area_id=ids["A"], period_start=date(2025, 1, 1),
                          period_end=date(2025, 12, 31), priority="high",
                          created_on=date(2025, 1, 5),
                          causes=[ProblemCause(factor="place", description="Ingen belysning")])
        action = Action(title="Ny belysning", organisation_id=partner, status="in_progress",
                        updated_on=date(2025, 3, 1))
        db.session.add_all([problem, action])
        db.session.flush()
        db.session.add(ActionPlan(
            title="Åtgärdsplan 2025", period_start=date(2025, 1, 1), period_end=date(2025, 12, 31),
            approved_by="Kommunstyrelsen", approval_reference="§ 39",
            approved_on=date(2025, 2, 1), created_on=date(2025, 1, 10),
            items=[PlanItem(action_id=action.id, problem_id=problem.id,
                            expected_effect="Färre anmälningar")]))
        db.session.commit()
    return log_in(app.test_client(), ["analyst"])


def _docx_tables(client) -> dict[str, list[list[str]]]:
    response = client.get(DOCX)
    assert response.status_code == 200
    assert "lagesbild-2025-T1.docx" in response.headers["Content-Disposition"]
    return captioned_tables(Document(io.BytesIO(response.data)))


def _number(text: str) -> float:
    return float(text.replace("\u00a0", "").replace("\u202f", "").replace(",", "")
                 .replace("+", ""))


def test_docx_holds_the_periods_counts_with_small_ones_suppressed(app, analyst):
    tables = _docx_tables(analyst)
    in_period = sum(1 for d in PINS["A"] if date(2025, 1, 1) <= d <= date(2025, 4, 30))
    before = sum(1 for d in PINS["A"] if date(2024, 9, 1) <= d <= date(2024, 12, 31))
    pins = {row[0]: row[1:] for row in tables["Approved pins by area"][1:]}
    assert (in_period, before) == (7, 2)
    assert pins["Område S1"] == [str(in_period), "fewer than 5", "–"]
    assert pins["Område S2"] == ["fewer than 5", "0", "–"]  # three pins: suppressed
    assert pins["Total"] == [str(in_period + len(PINS["B"])), "fewer than 5", "–"]
    walks = {row[0]: row[1:] for row in tables["Safety walk observations by area"][1:]}
    assert walks["Område S1"] == ["6", "5", "+1"]
    events = {row[0]: row[1:] for row in tables["Events by category"][1:]}
    assert events["Vandalism"][0] == "8" and events["Graffiti"][0] == "fewer than 5"
    series = next(rows for caption, rows in tables.items() if caption.startswith("Skadegörelse"))
    values = {row[0]: row[1:] for row in series[1:]}
    total_a = sum(v for (code, period), v in VALUES.items()
                  if code == "A" and "2025-01" <= period <= "2025-04")
    assert _number(values["Område S1"][0]) == total_a == 42
    assert _number(values["Område S1"][1]) == pytest.approx(total_a * 100_000 / POPULATION_A)
    assert values["Område S2"] == ["fewer than 5", "–"]
    problems = tables["Problems of the period"]
    assert problems[1][:3] == ["Mörk gångtunnel", "Område S1", "High"]
    assert "Ingen belysning" in problems[1][3]
    plan = next(rows for caption, rows in tables.items() if caption.startswith("Åtgärdsplan"))
    assert plan[1][:3] == ["Ny belysning", "Mörk gångtunnel", "Områdespolisen Test"]


def test_html_report_shows_the_same_tables(app, analyst):
    response = analyst.get(REPORT)
    assert response.status_code == 200
    text = response.text
    assert "Approved pins by area" in text and "Events by time of day" in text
    assert "1,050.0" in text  # 42 per 4 000 inhabitants
    assert "/staff/reports/docx?" in text


def test_a_year_report_counts_the_whole_year(app, analyst):
    response = analyst.get("/staff/reports/docx?kind=year&year=2025&lang=en")
    document = Document(io.BytesIO(response.data))
    pins = next(t for t in document.tables if t.rows[0].cells[0].text == "Area")
    rows = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in pins.rows[1:]}
    assert rows["Område S1"][:2] == ["8", "fewer than 5"]  # 2025 incl. May; 2024: 2 pins


@pytest.mark.parametrize("query, field", [
    ("kind=month&year=2025", "kind"), ("kind=year&year=twenty", "year"),
    ("kind=tertial&year=2025&tertial=4", "tertial"), ("kind=year&year=1900", "year")])
def test_a_wrong_period_is_refused_with_a_translated_message(app, analyst, query, field):
    response = analyst.get(f"/staff/reports?{query}&lang=sv")
    assert response.status_code == 422
    assert 'href="#' + field + '"' in response.text
    docx = analyst.get(f"/staff/reports/docx?{query}&lang=sv")
    assert docx.status_code == 422 and "Content-Disposition" not in docx.headers


def test_the_report_needs_an_analyst_or_coordinator(app, log_in):
    client = log_in(app.test_client(), ["moderator"])
    assert client.get(REPORT).status_code == 403


def test_the_survey_table_is_the_campaigns_indicator_with_small_areas_suppressed(app, log_in):
    """Unweighted demo answers: each area's share is the brute-force share of answers 3–5 among
    1–5; an area cut to 12 answers is suppressed."""
    from sqlalchemy import delete, select

    from surveyapp.demo import load_demo
    from surveyapp.results.demo import load_demo_responses
    from surveyapp.results.models import CampaignWeighting
    from surveyapp.surveys.models import Campaign, Response

    today = date.today()
    with app.app_context():
        load_demo(today, codes=4)
        load_demo_responses(today, per_area=60)
        campaign = db.session.scalar(select(Campaign).order_by(Campaign.year.desc()))
        small = campaign.areas[-1]
        ids = db.session.scalars(select(Response.id).where(
            Response.campaign_id == campaign.id, Response.area_code == small.code)).all()
        db.session.execute(delete(Response).where(Response.id.in_(sorted(ids)[12:])))
        db.session.execute(delete(CampaignWeighting).where(
            CampaignWeighting.campaign_id == campaign.id))
        db.session.add(CampaignWeighting(campaign_id=campaign.id, method="none", variables=[]))
        db.session.commit()
        rows = db.session.execute(select(Response.area_code, Response.answers).where(
            Response.campaign_id == campaign.id, Response.channel != "open")).all()
        names = {a.code: a.name for a in campaign.areas}
        name, year, small_name = campaign.name, campaign.year, small.name
    client = log_in(app.test_client(), ["analyst"])
    document = Document(io.BytesIO(client.get(
        f"/staff/reports/docx?kind=year&year={year}&lang=en").data))
    table = next(rows for caption, rows in captioned_tables(document).items()
                 if caption.startswith(name))
    shown = {row[0]: row[1:] for row in table[1:]}
    assert shown[small_name][0].startswith("Too few answers")
    checked = 0
    for code, area_name in names.items():
        answers = [r[1].get("trygg_kvall") for r in rows if r[0] == code]
        valid = [a for a in answers if a in (1, 2, 3, 4, 5)]
        if area_name == small_name or not valid:
            continue
        share = sum(a in (3, 4, 5) for a in valid) / len(valid)
        assert _number(shown[area_name][0].replace("%", "")) == pytest.approx(100 * share,
                                                                             abs=0.05)
        checked += 1
    assert checked >= 2


def _freeze(client, **approval):
    from tests.conftest import csrf_token

    token = csrf_token(client, REPORT)
    return client.post("/staff/reports/versions?lang=en", data={
        "csrf_token": token, "kind": "tertial", "year": "2025", "tertial": "1", **approval})


def test_a_frozen_version_keeps_its_figures_when_the_data_change(app, analyst):
    from sqlalchemy import select

    from surveyapp.reports.models import ReportVersion

    response = _freeze(analyst, approved_by="Kommunstyrelsen", approval_reference="§ 39",
                       approved_on="2025-05-20")
    assert response.status_code == 303
    with app.app_context():
        area_id = db.session.scalar(select(Pin.area_id).where(Pin.created_on == date(2025, 2, 1)))
        db.session.add_all(Pin(source="dialogue", lat=57.6, lng=14.7, category="annat",
                               status="approved", flags=[], created_on=date(2025, 2, 20),
                               area_id=area_id) for _ in range(5))
        db.session.commit()
    live = {r[0]: r[1:] for r in _docx_tables(analyst)["Approved pins by area"][1:]}
    assert live["Område S1"][0] == "12"  # 7 + 5 new
    frozen_page = analyst.get(response.headers["Location"])
    assert "Kommunstyrelsen § 39 on 2025-05-20" in frozen_page.text
    document = Document(io.BytesIO(analyst.get(response.headers["Location"] + "/docx").data))
    pins = next(t for t in document.tables if t.rows[0].cells[0].text == "Area")
    assert pins.rows[1].cells[0].text == "Område S1" and pins.rows[1].cells[1].text == "7"
    with app.app_context():
        assert db.session.scalar(select(ReportVersion.approved_by)) == "Kommunstyrelsen"


def test_a_version_without_approval_body_or_date_is_refused_and_nothing_stored(app, analyst):
    from sqlalchemy import func, select

    from surveyapp.reports.models import ReportVersion

    response = _freeze(analyst, approved_by="", approval_reference="", approved_on="20 maj")
    assert response.status_code == 422
    assert "Give the body that approved the report." in response.text
    assert "Give the date of the decision (YYYY-MM-DD)." in response.text
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ReportVersion)) == 0


def test_the_version_model_agrees_with_the_migration(app):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        differences = compare_metadata(context, db.metadata)
    assert [d for d in differences if "report_version" in repr(d)] == []


def test_the_staff_page_links_the_report_and_it_reads_in_swedish(app, analyst):
    assert 'href="/staff/reports"' in analyst.get("/staff/?lang=sv").text
    page = analyst.get("/staff/reports?kind=tertial&year=2025&tertial=1&lang=sv").text
    assert "Godkända markeringar per område" in page and "färre än 5" in page


def test_partner_reports_of_the_period_and_the_one_before_with_the_change_in_docx(app, analyst):
    """Events of the previous tertial (October 2024) are compared, those of June 2025 left out;
    only the moderator-approved free text is in the DOCX."""
    from sqlalchemy import select

    from surveyapp.organisations.models import Organisation

    with app.app_context():
        partner = db.session.scalar(select(Organisation.id))
        area_id = db.session.scalar(select(Pin.area_id).where(Pin.created_on == date(2025, 2, 1)))
        for start, count, note, status in ((date(2024, 10, 7), 5, "Förra tertialen", "approved"),
                                           (date(2025, 6, 2), 50, "Utanför perioden", "approved"),
                                           (date(2025, 3, 3), 1, "Ej granskad text", "pending"),
                                           (date(2025, 3, 10), 1, "Granskad text", "approved")):
            db.session.add(PartnerReport(
                organisation_id=partner, area_id=area_id, period_start=start, period_weeks=1,
                submitted_on=start, note=note, note_status=status, flags=[],
                events=[PartnerEvent(category="skadegorelse", time_of_day="day", count=count)]))
        db.session.commit()
        from surveyapp.partners.services import reports_between, summarise, summary_between

        for first, last in ((date(2025, 1, 1), date(2025, 4, 30)),
                            (date(2024, 9, 1), date(2024, 12, 31))):
            columns, objects = summary_between(first, last), summarise(
                reports_between(first, last))
            assert (columns.reports, columns.by_category, columns.by_time, columns.by_area,
                    [r.id for r in columns.notes]) == (
                objects.reports, objects.by_category, objects.by_time, objects.by_area,
                [r.id for r in objects.notes])
    response = analyst.get(DOCX)
    document = Document(io.BytesIO(response.data))
    tables = captioned_tables(document)
    events = {row[0]: row[1:] for row in tables["Events by category"][1:]}
    assert events["Vandalism"] == ["10", "5", "+5"]  # 8 + 1 + 1 now, 5 before; June left out
    texts = " ".join(p.text for p in document.paragraphs)
    assert "Granskad text" in texts and "Ej granskad text" not in texts
    assert "Utanför perioden" not in texts and "Förra tertialen" not in texts
    assert "3 reports in the period." in texts


def test_wrong_report_forms_get_swedish_messages_and_store_nothing(app, analyst):
    from sqlalchemy import func, select

    from surveyapp.reports.models import ReportVersion
    from tests.conftest import csrf_token

    page = analyst.get("/staff/reports?kind=month&year=2025&tertial=9&lang=sv")
    assert page.status_code == 422
    assert "Välj en tertialrapport eller en årsrapport." in page.text
    token = csrf_token(analyst, REPORT)
    for data, message in (
            ({"kind": "tertial", "year": "2025", "tertial": "4", "approved_by": "KS",
              "approved_on": "2025-05-20"}, "Välj tertial 1, 2 eller 3."),
            ({"kind": "tertial", "year": "2025", "tertial": "1", "approved_by": "K" * 201,
              "approved_on": "2025-05-20"}, "Högst 200 tecken."),
            ({"kind": "year", "year": "2025", "approved_by": "",
              "approved_on": "2025-13-01"}, "Ange beslutsdatum (ÅÅÅÅ-MM-DD).")):
        response = analyst.post("/staff/reports/versions?lang=sv",
                                data={"csrf_token": token, "approval_reference": "", **data})
        assert response.status_code == 422
        assert message in response.text
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ReportVersion)) == 0
