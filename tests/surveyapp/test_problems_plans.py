"""Problem register with evidence and causes; åtgärdsplan approval, freezing and revision."""

from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy import func, select

from surveyapp.actions.models import Action
from surveyapp.db import db
from surveyapp.plans.models import ActionPlan, PlanItem
from surveyapp.problems.models import Problem, ProblemCause, ProblemEvidence
from tests.conftest import csrf_token
from tests.surveyapp.cycle_data import area, organisation

PROBLEM = {"title": "Skadegörelse vid stationen", "description": "Återkommande",
           "place": "Gångtunneln", "period_start": "2025-01-01", "period_end": "2025-12-31"}


@pytest.fixture
def analyst(app, log_in):
    return log_in(app.test_client(), ["analyst"])


@pytest.fixture
def problem_id(app, analyst) -> int:
    area_id = area(app, "S1", {2025: [500] * 8})
    response = analyst.post("/staff/problems", data={
        "csrf_token": csrf_token(analyst, "/staff/problems"), **PROBLEM, "area": str(area_id)})
    assert response.status_code == 303
    with app.app_context():
        return db.session.scalar(select(Problem.id))


def _post(client, path: str, **data):
    token = csrf_token(client, "/staff/plans")
    return client.post(path + "?lang=sv", data={"csrf_token": token, **data})


def test_a_problem_with_a_period_that_ends_before_it_starts_is_refused(app, analyst):
    response = _post(analyst, "/staff/problems", **{**PROBLEM, "period_end": "2024-01-01"})
    assert response.status_code == 422 and "Perioden slutar innan den börjar." in response.text
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Problem)) == 0


def test_evidence_from_three_sources_and_two_causes(app, analyst, problem_id):
    from surveyapp.dialogue.models import Pin

    csv = "område;år;månad;antal\nS1;2025;1;30\nS1;2025;2;12\nS1;2024;12;99\n"
    analyst.post("/staff/indicators", content_type="multipart/form-data", data={
        "csrf_token": csrf_token(analyst, "/staff/indicators"), "name": "Skadegörelse",
        "source": "Polisen", "definition": "Anmäld skadegörelse", "measure": "count",
        "file": (io.BytesIO(csv.encode()), "s.csv")})
    with app.app_context():
        from surveyapp.indicators.models import IndicatorSeries

        series_id = db.session.scalar(select(IndicatorSeries.id))
        pin = Pin(source="dialogue", lat=57.6, lng=14.7, category="skadegorelse",
                  status="approved", flags=[], comment="Krossat glas", created_on=date(2025, 3, 1))
        pending = Pin(source="dialogue", lat=57.6, lng=14.7, category="skadegorelse",
                      status="pending", flags=[], created_on=date(2025, 3, 1))
        db.session.add_all([pin, pending])
        db.session.commit()
        pin_id, pending_id = pin.id, pending.id
    path = f"/staff/problems/{problem_id}/evidence"
    assert _post(analyst, path, kind="indicator_series", series=str(series_id)).status_code == 303
    assert _post(analyst, path, kind="pin", number=str(pin_id)).status_code == 303
    refused = _post(analyst, path, kind="pin", number=str(pending_id))
    assert refused.status_code == 422 and "ingen godkänd markering" in refused.text
    no_reports = _post(analyst, path, kind="partner_reports")
    assert no_reports.status_code == 422 and "Inga partnerrapporter" in no_reports.text
    causes = f"/staff/problems/{problem_id}/causes"
    assert _post(analyst, causes, factor="place", cause="Mörk tunnel utan insyn").status_code == 303
    assert _post(analyst, causes, factor="guardian", cause="Ingen vakt kvällstid").status_code == 303
    assert _post(analyst, causes, factor="", cause="x").status_code == 422
    with app.app_context():
        evidence = db.session.scalars(select(ProblemEvidence).order_by(ProblemEvidence.id)).all()
        assert [e.kind for e in evidence] == ["indicator_series", "pin"]
        series = evidence[0].details
        assert series["value"] == 42, "January + February 2025; December 2024 is outside"
        assert series["rate"] == pytest.approx(42 * 100_000 / 4000)
        assert series["source"] == "Polisen"
        assert db.session.scalar(select(func.count()).select_from(ProblemCause)) == 2
    page = analyst.get(f"/staff/problems/{problem_id}?lang=sv").text
    assert "Anmäld skadegörelse" in page and "Mörk tunnel utan insyn" in page


def test_survey_indicator_evidence_carries_the_estimate_and_its_ci(
        app, analyst, make_campaign):
    from surveyapp.results.demo import add_responses
    from surveyapp.results.models import CampaignWeighting
    from surveyapp.surveys.models import Campaign, Response

    slug = make_campaign("ind")
    with app.app_context():
        campaign = db.session.scalar(select(Campaign).where(Campaign.slug == slug))
        add_responses(campaign, 80, seed=3, today=date.today())
        db.session.add(CampaignWeighting(campaign_id=campaign.id, method="none",
                                         variables=[]))
        first = campaign.areas[0]
        answers = [r.answers.get("trygg_kvall") for r in db.session.scalars(
            select(Response).where(Response.campaign_id == campaign.id,
                                   Response.area_code == first.code))]
        problem = Problem(title="Otrygghet", area_id=first.id, period_start=date(2026, 1, 1),
                          period_end=date(2026, 12, 31), created_on=date.today())
        db.session.add(problem)
        db.session.commit()
        problem_id = problem.id
    valid = [int(a) for a in answers if a is not None and int(a) in (1, 2, 3, 4, 5)]
    share = sum(a in (3, 4, 5) for a in valid) / len(valid)
    response = _post(analyst, f"/staff/problems/{problem_id}/evidence",
                     kind="survey_indicator", campaign=slug)
    assert response.status_code == 303, response.text
    with app.app_context():
        details = db.session.scalar(select(ProblemEvidence)).details
    assert details["n"] == len(valid)
    assert details["estimate"] == pytest.approx(share, abs=1e-12), "unweighted: the plain share"
    assert details["ci_low"] < share < details["ci_high"]
    page = analyst.get(f"/staff/problems/{problem_id}?lang=sv").text
    assert "95 % konfidensintervall" in page and f"n = {len(valid)}" in page


def _prioritise(analyst, problem_id: int):
    return _post(analyst, f"/staff/problems/{problem_id}/priority", priority="high",
                 priority_decision="Brottsförebyggande rådet § 4", prioritised_on="2026-02-10")


def test_a_priority_needs_the_decision_behind_it(app, analyst, problem_id):
    refused = _post(analyst, f"/staff/problems/{problem_id}/priority", priority="high",
                    priority_decision="", prioritised_on="2026-02-10")
    assert refused.status_code == 422 and "Skriv vilket beslut" in refused.text
    assert _prioritise(analyst, problem_id).status_code == 303
    with app.app_context():
        problem = db.session.get(Problem, problem_id)
        assert problem.is_prioritised and problem.priority_decision.endswith("§ 4")


@pytest.fixture
def plan_id(app, analyst, problem_id) -> int:
    _prioritise(analyst, problem_id)
    _post(analyst, f"/staff/problems/{problem_id}/causes", factor="place", cause="Mörker")
    response = _post(analyst, "/staff/plans", title="Åtgärdsplan 2026",
                     period_start="2026-01-01", period_end="2026-12-31")
    assert response.status_code == 303
    with app.app_context():
        return db.session.scalar(select(ActionPlan.id))


def _item(client, plan_id: int, problem_id: int, organisation_id: int, **fields):
    with client.application.app_context():
        cause_id = db.session.scalar(select(ProblemCause.id))
    data = {"problem": str(problem_id), "cause": str(cause_id), "title": "Belysning i tunneln",
            "organisation": str(organisation_id), "resources": "80 000 kr",
            "expected_effect": "Färre anmälda skadegörelser",
            "indicator_note": "Trygghetsindikatorn", "due": "", "series": ""}
    return _post(client, f"/staff/plans/{plan_id}/items", **{**data, **fields})


def test_an_approved_plan_is_frozen_and_a_revision_changes_it(
        app, analyst, problem_id, plan_id):
    streets = organisation(app, "Gatukontoret")
    police = organisation(app, "LPO Centrum", "lokalpolisomrade")
    assert _item(analyst, plan_id, problem_id, streets).status_code == 303
    assert _item(analyst, plan_id, problem_id, police, title="Riktade patruller").status_code == 303
    path = f"/staff/plans/{plan_id}/approve"
    missing = _post(analyst, path, approved_by="", approval_reference="", approved_on="")
    assert missing.status_code == 422 and "Skriv vilket organ" in missing.text
    assert _post(analyst, path, approved_by="Kommunstyrelsen", approval_reference="§ 39",
                 approved_on="2026-03-02").status_code == 303
    refused = _item(analyst, plan_id, problem_id, streets, title="Kameror")
    assert refused.status_code == 409
    assert ("Planen fastställdes av Kommunstyrelsen (§ 39) den 2026-03-02 och är låst. "
            "Gör en ny revidering för att ändra den.") in refused.text
    with app.app_context():
        item_id = db.session.scalar(select(PlanItem.id).where(PlanItem.plan_id == plan_id))
    assert _post(analyst, f"/staff/plans/{plan_id}/items/{item_id}/remove").status_code == 409
    assert _post(analyst, path, approved_by="KF", approval_reference="§ 1",
                 approved_on="2026-04-01").status_code == 409
    with app.app_context():
        plan = db.session.get(ActionPlan, plan_id)
        assert len(plan.items) == 2 and plan.approval_reference == "§ 39"
        assert db.session.scalar(select(func.count()).select_from(Action)) == 2
    revised = _post(analyst, f"/staff/plans/{plan_id}/revise")
    assert revised.status_code == 303
    with app.app_context():
        draft = db.session.scalar(select(ActionPlan).where(ActionPlan.previous_id == plan_id))
        assert draft.revision == 2 and not draft.frozen
        assert sorted(i.action_id for i in draft.items) == sorted(
            i.action_id for i in db.session.get(ActionPlan, plan_id).items), "same actions"
        draft_id = draft.id
    assert _item(analyst, draft_id, problem_id, streets, title="Kameror").status_code == 303
    with app.app_context():
        assert len(db.session.get(ActionPlan, plan_id).items) == 2, "the approved one stays"
        assert len(db.session.get(ActionPlan, draft_id).items) == 3


def test_a_plan_item_needs_a_prioritised_problem_and_an_indicator(
        app, analyst, problem_id, plan_id):
    streets = organisation(app, "Gatukontoret")
    with app.app_context():
        other = Problem(title="Inte prioriterat", period_start=date(2026, 1, 1),
                        period_end=date(2026, 2, 1), created_on=date.today())
        db.session.add(other)
        db.session.commit()
        other_id = other.id
    unprioritised = _item(analyst, plan_id, other_id, streets)
    assert unprioritised.status_code == 422
    assert "Välj ett prioriterat problem i listan." in unprioritised.text
    no_indicator = _item(analyst, plan_id, problem_id, streets, indicator_note="")
    assert no_indicator.status_code == 422
    assert "Skriv vilken indikator som ska visa effekten." in no_indicator.text
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(PlanItem)) == 0
        assert db.session.scalar(select(func.count()).select_from(Action)) == 0


def test_an_empty_plan_cannot_be_approved(app, analyst, plan_id):
    response = _post(analyst, f"/staff/plans/{plan_id}/approve", approved_by="KS",
                     approval_reference="§ 39", approved_on="2026-03-02")
    assert response.status_code == 422
    assert "En plan utan åtgärder kan inte fastställas." in response.text
    with app.app_context():
        assert not db.session.get(ActionPlan, plan_id).frozen
