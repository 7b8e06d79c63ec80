"""Bench: the annual lägesbild (period report) for 50 areas, as HTML and as DOCX.

Seeds a throw-away SQLite database with bulk inserts (SQLAlchemy Core ``insert`` executemany):
50 areas with outlines and population tables, a survey campaign of the report year with 100 000
synthetic responses (raked to area × sex × age), 20 000 approved pins in the report year, 5
years of monthly crime counts (5 categories × 50 areas × 60 months = 15 000 values), 500 partner
reports with 3 events each, 100 safety walks with 10 observations each, 20 problems with causes
and an approved action plan with 20 actions. A baseline database of 5 areas holds a tenth of
everything (5 years of crime series still) and is timed in the same run.

Each run fetches the report page (``/staff/reports?kind=year``) and the DOCX
(``/staff/reports/docx?kind=year``) through the test client as a logged-in analyst, and prints
min / median / max of ``--runs`` runs and the ratio of the medians to the baseline.

    .venv/bin/python -m bench.cycle.annual_report --runs 3
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
from flask import Flask
from sqlalchemy import insert, select

YEAR = date.today().year
CATEGORIES = ("Skadegörelse", "Misshandel", "Rån", "Inbrott", "Narkotikabrott")
EVENTS = ("skadegorelse", "klotter", "nedskrapning", "ordningsstorning", "berusning")
TIMES = ("morning", "day", "evening", "night")
PASSWORD = "bench password long"


def _areas(n_areas: int) -> list[dict]:
    rows = []
    for i in range(n_areas):
        row, column = divmod(i, 10)
        west, south = 14.5 + column * 0.02, 57.5 + row * 0.015
        ring = [[west, south], [west + 0.02, south], [west + 0.02, south + 0.015],
                [west, south + 0.015], [west, south]]
        rows.append({"code": f"0999R{i:03d}", "name": f"Område {i:02d}", "kind": "district",
                     "geometry": {"type": "Polygon", "coordinates": [ring]}})
    return rows


def seed(app: Flask, n_areas: int, scale: float) -> None:
    """The bench data: ``n_areas`` areas and ``scale`` × the full counts (crime months stay)."""
    from flask_migrate import upgrade

    from surveyapp.auth.models import User
    from surveyapp.db import db
    from surveyapp.demo import ensure_questionnaire
    from surveyapp.dialogue.models import Pin
    from surveyapp.geo.models import Area
    from surveyapp.geo.population import AGE_GROUPS, import_population
    from surveyapp.indicators.models import IndicatorSeries, IndicatorValue
    from surveyapp.organisations.models import Organisation
    from surveyapp.partners.models import PartnerEvent, PartnerReport
    from surveyapp.results.demo import population_csv, synthetic_answers
    from surveyapp.results.models import CampaignWeighting
    from surveyapp.surveys.models import Campaign, Response
    from surveyapp.walks.models import Observation, Walk

    rng = np.random.default_rng(14)
    with app.app_context():
        upgrade()
        db.session.execute(insert(Area), _areas(n_areas))
        areas = list(db.session.scalars(select(Area).order_by(Area.id)))
        ids, codes = [a.id for a in areas], [a.code for a in areas]
        for year in range(YEAR - 4, YEAR + 1):
            import_population(population_csv(codes, year, base=2000).encode())
        questionnaire = ensure_questionnaire()
        campaign = Campaign(slug=f"bench-{YEAR}", name=f"Trygghetsundersökning {YEAR}",
                            year=YEAR, mode="invitation", opens=date(YEAR, 3, 1),
                            closes=date(YEAR, 4, 1), questionnaire=questionnaire,
                            languages=["sv"], areas=areas)
        db.session.add(campaign)
        db.session.flush()
        db.session.add(CampaignWeighting(campaign_id=campaign.id, method="rake",
                                         variables=["area", "sex", "age_group"],
                                         trim_lower=0.3, trim_upper=3.0))
        responses = int(100_000 * scale)
        area_index = rng.integers(0, n_areas, responses)
        answers = synthetic_answers(questionnaire.model(), area_index, rng)
        sexes = rng.choice(["f", "m", "x"], responses, p=[0.52, 0.45, 0.03])
        ages = rng.choice(AGE_GROUPS, responses, p=[0.15, 0.3, 0.3, 0.25])
        db.session.execute(insert(Response), [
            {"campaign_id": campaign.id, "channel": "invitation", "language": "sv",
             "area_code": codes[a], "sex": str(s), "age_group": str(g), "answers": ans,
             "status": "complete", "submitted_on": date(YEAR, 3, 15)}
            for a, s, g, ans in zip(area_index, sexes, ages, answers, strict=True)])

        first = date(YEAR, 1, 1)
        pins = int(20_000 * scale)
        where, days = rng.integers(0, n_areas, pins), rng.integers(0, 365, pins)
        spread = rng.random((pins, 2))
        db.session.execute(insert(Pin), [
            {"source": "dialogue", "lat": 57.5 + (a // 10) * 0.015 + 0.015 * dy,
             "lng": 14.5 + (a % 10) * 0.02 + 0.02 * dx, "area_id": ids[a], "category": "annat",
             "status": "approved", "flags": [], "me_too": 0,
             "created_on": first + timedelta(days=int(d))}
            for a, d, (dx, dy) in zip(where, days, spread, strict=True)])

        for category in CATEGORIES:
            series = IndicatorSeries(name=f"Anmälda brott – {category}", source="Polisen",
                                     definition="Anmälda brott per månad", measure="count",
                                     imported_on=date.today())
            db.session.add(series)
            db.session.flush()
            counts = rng.poisson(12, (n_areas, 60))
            db.session.execute(insert(IndicatorValue), [
                {"series_id": series.id, "area_id": ids[a],
                 "period": f"{YEAR - 4 + m // 12}-{m % 12 + 1:02d}",
                 "value": float(counts[a, m])}
                for a in range(n_areas) for m in range(60)])

        db.session.execute(insert(Organisation), [
            {"name": f"Partner {k}", "kind": "vaktbolag", "report_every_weeks": 2}
            for k in range(5)])
        partners = list(db.session.scalars(select(Organisation.id).where(
            Organisation.name.like("Partner %"))))
        reports = int(500 * scale)  # each partner in each area once a round, rounds 14 days apart
        db.session.execute(insert(PartnerReport), [
            {"organisation_id": partners[k % 5], "area_id": ids[k // 5 % n_areas],
             "period_start": first + timedelta(days=14 * (k // (5 * n_areas))
                                               + 7 * (k // 5 % n_areas % 40)),
             "period_weeks": 2, "submitted_on": date(YEAR, 12, 1), "note": "",
             "note_status": "none", "flags": []} for k in range(reports)])
        report_ids = list(db.session.scalars(select(PartnerReport.id)))
        db.session.execute(insert(PartnerEvent), [
            {"report_id": r, "category": EVENTS[(r + j) % 5], "time_of_day": TIMES[j],
             "place": "", "count": int(rng.integers(1, 12))}
            for r in report_ids for j in range(3)])

        walks = max(1, int(100 * scale))
        db.session.execute(insert(Walk), [
            {"area_id": ids[k % n_areas], "date": first + timedelta(days=3 * k),
             "meeting_point": "Torget", "join_code": f"B{k:05d}", "status": "closed"}
            for k in range(walks)])
        walk_ids = list(db.session.scalars(select(Walk.id)))
        db.session.execute(insert(Observation), [
            {"walk_id": w, "lat": 57.55, "lng": 14.6, "place_description": "", "category":
             "belysning", "description": "Mörkt", "severity": 2, "proposal": ""}
            for w in walk_ids for _ in range(10)])
        _problems_and_plan(ids, partners, max(2, int(20 * scale)))
        user = User(email="bench@example.se", roles=["analyst"])
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()


def _problems_and_plan(area_ids: list[int], partners: list[int], count: int) -> None:
    from surveyapp.actions.models import Action
    from surveyapp.db import db
    from surveyapp.plans.models import ActionPlan, PlanItem
    from surveyapp.problems.models import Problem, ProblemCause

    problems = [Problem(title=f"Problem {k}", area_id=area_ids[k % len(area_ids)],
                        period_start=date(YEAR, 1, 1), period_end=date(YEAR, 12, 31),
                        priority="high", created_on=date(YEAR, 1, 5),
                        causes=[ProblemCause(factor="place", description="Mörk passage"),
                                ProblemCause(factor="guardian", description="Ingen vakt")])
                for k in range(count)]
    actions = [Action(title=f"Åtgärd {k}", organisation_id=partners[k % len(partners)],
                      status="in_progress", updated_on=date(YEAR, 3, 1)) for k in range(count)]
    db.session.add_all([*problems, *actions])
    db.session.flush()
    db.session.add(ActionPlan(
        title=f"Åtgärdsplan {YEAR}", period_start=date(YEAR, 1, 1),
        period_end=date(YEAR, 12, 31), approved_by="Kommunstyrelsen",
        approval_reference="§ 39", approved_on=date(YEAR, 2, 1), created_on=date(YEAR, 1, 10),
        items=[PlanItem(action_id=a.id, problem_id=p.id, expected_effect="Färre anmälningar")
               for a, p in zip(actions, problems, strict=True)]))


def _app(folder: str, name: str) -> Flask:
    from surveyapp import create_app

    return create_app({"SECRET_KEY": "bench", "SESSION_COOKIE_SECURE": False,
                       "WTF_CSRF_ENABLED": False,
                       "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(folder) / name}"})


def _client(app: Flask):
    client = app.test_client()
    response = client.post("/login", data={"email": "bench@example.se", "password": PASSWORD})
    assert response.status_code in (302, 303), response.status_code
    return client


def _summary(times: list[float]) -> str:
    return (f"min {min(times):.2f} s, median {statistics.median(times):.2f} s, "
            f"max {max(times):.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    query = f"kind=year&year={YEAR}&lang=sv"
    timings: dict[str, list[float]] = {}
    sizes: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as folder:
        builds = {"5 areas (baseline)": (_app(folder, "base.db"), 5, 0.1),
                  "50 areas": (_app(folder, "full.db"), 50, 1.0)}
        for name, (app, n_areas, scale) in builds.items():
            start = time.perf_counter()
            seed(app, n_areas, scale)
            print(f"seed {name}: {time.perf_counter() - start:.1f} s", flush=True)
        for _run in range(runs):
            for name, (app, _n, _scale) in builds.items():
                client = _client(app)
                for kind, path in (("HTML", "/staff/reports"),
                                   ("DOCX", "/staff/reports/docx")):
                    start = time.perf_counter()
                    response = client.get(f"{path}?{query}")
                    elapsed = time.perf_counter() - start
                    assert response.status_code == 200, response.status_code
                    timings.setdefault(f"{name} {kind}", []).append(elapsed)
                    sizes[f"{name} {kind}"] = len(response.data)
                    print(f"{name} {kind}: {elapsed:.2f} s", flush=True)
        for app, _n, _scale in builds.values():
            with app.app_context():
                from surveyapp.db import db

                db.engine.dispose()
    print(f"{runs} runs")
    for name, times in timings.items():
        kind = name.rsplit(" ", 1)[1]
        baseline = statistics.median(timings[f"5 areas (baseline) {kind}"])
        print(f"{name} ({sizes[name]} B): {_summary(times)}; "
              f"ratio to baseline {statistics.median(times) / baseline:.1f}")


if __name__ == "__main__":
    main()
