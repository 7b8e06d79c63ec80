"""Uppföljning: the linked indicator before and after, with the design-based CI of the change
checked against an independent computation, and the process/effect evaluation."""

from __future__ import annotations

import math
from datetime import date

import pytest
from scipy import stats
from sqlalchemy import select

from surveyapp.actions.models import Action, ActionStatusChange
from surveyapp.db import db
from surveyapp.plans.followup import reading
from surveyapp.plans.models import ActionPlan, PlanItem
from surveyapp.problems.models import Problem
from tests.conftest import csrf_token
from tests.surveyapp.cycle_data import organisation


def _share(app, campaign_id: int, area_code: str) -> tuple[float, int]:
    from surveyapp.surveys.models import Response

    with app.app_context():
        answers = [r.answers.get("trygg_kvall") for r in db.session.scalars(
            select(Response).where(Response.campaign_id == campaign_id,
                                   Response.area_code == area_code))]
    valid = [int(a) for a in answers if a is not None and int(a) in (1, 2, 3, 4, 5)]
    return sum(a in (3, 4, 5) for a in valid) / len(valid), len(valid)


@pytest.fixture
def item(app, make_campaign):
    from surveyapp.results.demo import add_responses
    from surveyapp.results.models import CampaignWeighting
    from surveyapp.surveys.models import Campaign

    slugs = [make_campaign("fore"), make_campaign("efter")]
    streets = organisation(app, "Gatukontoret")
    with app.app_context():
        found = []
        for seed, slug in enumerate(slugs, start=5):
            campaign = db.session.scalar(select(Campaign).where(Campaign.slug == slug))
            add_responses(campaign, 80, seed=seed, today=date.today())
            db.session.add(CampaignWeighting(campaign_id=campaign.id, method="none",
                                             variables=[]))
            found.append(campaign)
        area = found[0].areas[0]
        problem = Problem(title="Otrygghet", area_id=area.id, period_start=date(2026, 1, 1),
                          period_end=date(2026, 12, 31), created_on=date.today(),
                          priority="high", priority_decision="BRÅ-rådet § 2",
                          prioritised_on=date(2026, 1, 20))
        action = Action(title="Belysning", organisation_id=streets, status="done",
                        updated_on=date.today(),
                        history=[ActionStatusChange(status="planned",
                                                    changed_on=date(2026, 2, 1)),
                                 ActionStatusChange(status="done", changed_on=date(2026, 6, 1),
                                                    comment="Klart")])
        plan = ActionPlan(title="Plan 2026", period_start=date(2026, 1, 1),
                          period_end=date(2026, 12, 31), created_on=date.today(),
                          approved_by="KS", approval_reference="§ 39",
                          approved_on=date(2026, 1, 30),
                          items=[PlanItem(action=action, problem=problem,
                                          expected_effect="Färre otrygga",
                                          indicator_note="Trygghetsindikatorn")])
        db.session.add(plan)
        db.session.commit()
        return {"plan": plan.id, "item": plan.items[0].id, "area": area.code,
                "campaigns": [(c.id, c.slug) for c in found]}


def test_the_change_and_its_ci_match_an_independent_computation(app, log_in, item):
    from surveyapp.plans.followup import survey_change
    from surveyapp.surveys.models import Campaign

    (before_id, _), (after_id, _) = item["campaigns"]
    p1, n1 = _share(app, before_id, item["area"])
    p2, n2 = _share(app, after_id, item["area"])
    with app.app_context():
        change = survey_change(item["area"], db.session.get(Campaign, before_id),
                               db.session.get(Campaign, after_id))
        expected_reading = reading(change.change)
    assert change.before["estimate"] == pytest.approx(p1, abs=1e-12)
    assert change.after["estimate"] == pytest.approx(p2, abs=1e-12)
    assert change.change["difference"] == pytest.approx(p2 - p1, abs=1e-12)
    # stratified by area, unweighted: the area's share has variance p(1-p)/(n-1)
    # Independent, from the textbook linearisation: stratified by area and unweighted, the
    # area's share over its m valid answers among its N = 80 responses has variance
    # p(1-p)/m · N/(N-1); the waves are independent (variances add), t with the smaller df,
    # which for a domain estimate is m - 1.
    def variance(p: float, m: int) -> float:
        return p * (1 - p) / m * 80 / 79

    se = math.sqrt(variance(p1, n1) + variance(p2, n2))
    assert change.before["se"] == pytest.approx(math.sqrt(variance(p1, n1)), rel=1e-9)
    half = (change.change["ci_high"] - change.change["ci_low"]) / 2
    assert half == pytest.approx(stats.t.ppf(0.975, min(n1, n2) - 1) * se, rel=1e-9)
    significant = abs(p2 - p1) > half
    assert change.change["significant"] == significant
    assert change.reading == expected_reading


def test_reading_in_plain_words(app):
    with app.test_request_context("/?lang=en"):
        assert reading(None).startswith("Too few answers")
        assert reading({"significant": False, "difference": -0.2}) == "No significant change yet."
        assert reading({"significant": True, "difference": -0.1}).startswith("Significantly fewer")
        assert reading({"significant": True, "difference": 0.1}).startswith("Significantly more")


def test_the_follow_up_page_and_evaluation_of_a_frozen_plan(app, log_in, item):
    coordinator = log_in(app.test_client(), ["coordinator"])
    (_, before), (_, after) = item["campaigns"]
    path = f"/staff/plans/{item['plan']}/items/{item['item']}/follow-up"
    page = coordinator.get(f"{path}?before={before}&after={after}&lang=sv").text
    assert 'id="reading"' in page and "konfidensintervall" in page
    assert "2026-06-01" in page and "Klart" in page, "the status history with dates"
    saved = coordinator.post(path, data={"csrf_token": csrf_token(coordinator, path),
                                         "process_evaluation": "Genomförd i juni",
                                         "effect_evaluation": "För tidigt att säga"})
    assert saved.status_code == 303
    with app.app_context():
        stored = db.session.get(PlanItem, item["item"])
        assert (stored.process_evaluation, stored.effect_evaluation) == (
            "Genomförd i juni", "För tidigt att säga")
    too_long = coordinator.post(path, data={"csrf_token": csrf_token(coordinator, path),
                                            "process_evaluation": "x" * 5001,
                                            "effect_evaluation": ""})
    assert too_long.status_code == 422
    with app.app_context():
        assert db.session.get(PlanItem, item["item"]).process_evaluation == "Genomförd i juni"
