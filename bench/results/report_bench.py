"""Bench: weighting + the full lägesbild report for 100 000 responses in 50 areas.

Builds a throw-away SQLite database (or ``--database-url``) with 50 areas, population tables
and two waves of synthetic responses (the report's trend and wave comparison need the earlier
wave), then times, inside a request context as the app does:

1. loading the current wave's responses into a DataFrame,
2. raking to area × sex × age margins (with trimming) and the diagnostics,
3. the whole report request (both waves loaded and weighted, indicator tables with every
   comparison, trend, top problems, maps, HTML rendering),
4. the exports (CSV, XLSX with every weighted table, SAV, GeoJSON).

Usage: ``.venv/bin/python bench/results/report_bench.py [--responses 100000] [--areas 50]``
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from surveyapp import create_app  # noqa: E402
from surveyapp.db import db  # noqa: E402


def _setup(app, responses: int, n_areas: int) -> None:
    from flask_migrate import upgrade

    from surveyapp.auth.models import User
    from surveyapp.demo import ensure_questionnaire
    from surveyapp.geo.models import Area
    from surveyapp.geo.population import AGE_GROUPS, import_population
    from surveyapp.results.demo import population_csv, synthetic_answers
    from surveyapp.results.models import CampaignWeighting
    from surveyapp.surveys.models import Campaign, Response

    with app.app_context():
        upgrade()
        areas = []
        for i in range(n_areas):
            row, column = divmod(i, 10)
            west, south = 14.5 + column * 0.02, 57.5 + row * 0.015
            ring = [[west, south], [west + 0.02, south], [west + 0.02, south + 0.015],
                    [west, south + 0.015], [west, south]]
            areas.append(Area(code=f"0999R{i:03d}", name=f"Område {i:02d}", kind="district",
                              geometry={"type": "Polygon", "coordinates": [ring]}))
        db.session.add_all(areas)
        questionnaire = ensure_questionnaire()
        today = date.today()
        codes = [a.code for a in areas]
        rng = np.random.default_rng(7)
        for year in (today.year - 1, today.year):
            campaign = Campaign(slug=f"bench-{year}", name=f"Bench {year}", year=year,
                                mode="invitation", opens=today - timedelta(days=30),
                                closes=today, questionnaire=questionnaire,
                                languages=["sv"], areas=areas)
            db.session.add(campaign)
            db.session.flush()
            import_population(population_csv(codes, year, base=2000).encode())
            db.session.add(CampaignWeighting(campaign_id=campaign.id, method="rake",
                                             variables=["area", "sex", "age_group"],
                                             trim_lower=0.3, trim_upper=3.0))
            area_index = rng.integers(0, n_areas, responses)
            answers = synthetic_answers(questionnaire.model(), area_index, rng)
            sexes = rng.choice(["f", "m", "x"], responses, p=[0.52, 0.45, 0.03])
            ages = rng.choice(AGE_GROUPS, responses, p=[0.15, 0.3, 0.3, 0.25])
            db.session.execute(insert(Response), [
                {"campaign_id": campaign.id, "channel": "invitation", "language": "sv",
                 "area_code": codes[a], "sex": str(s), "age_group": str(g), "answers": ans,
                 "status": "complete", "submitted_on": today}
                for a, s, g, ans in zip(area_index, sexes, ages, answers, strict=True)])
        user = User(email="bench@example.se", roles=["analyst"])
        user.set_password("bench password long")
        db.session.add(user)
        db.session.commit()


def _timed(label: str, results: dict, fn):
    start = time.perf_counter()
    value = fn()
    results[label] = time.perf_counter() - start
    print(f"{label:<48} {results[label]:7.2f} s", flush=True)
    return value


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--areas", type=int, default=50)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="results-bench-")
    url = args.database_url or f"sqlite:///{folder}/bench.db"
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url,
                      "SESSION_COOKIE_SECURE": False})
    results: dict[str, float] = {}
    _timed(f"setup: 2 waves x {args.responses} responses", results,
           lambda: _setup(app, args.responses, args.areas))

    from surveyapp.results.data import response_frame
    from surveyapp.results.lagesbild import build_lagesbild
    from surveyapp.results.services import find_campaign
    from surveyapp.results.weighting import weight_campaign

    slug = f"bench-{date.today().year}"
    with app.test_request_context():
        campaign = find_campaign(slug)
        frame = _timed("load all answers into a DataFrame (exports)", results,
                       lambda: response_frame(campaign))
        _timed("weighting (rake + trim + diagnostics)", results,
               lambda: weight_campaign(campaign, frame))
    client = app.test_client()
    client.post("/login", data={"email": "bench@example.se", "password": "bench password long"})
    with app.app_context():
        app.config["WTF_CSRF_ENABLED"] = False
    client.post("/login", data={"email": "bench@example.se", "password": "bench password long"})
    page = _timed("full report request (2 waves, HTML)", results,
                  lambda: client.get(f"/staff/results/{slug}/report"))
    assert page.status_code == 200, page.status_code
    for kind in ("data.csv", "tables.xlsx", "data.sav", "map.geojson"):
        response = _timed(f"export {kind}", results,
                          lambda kind=kind: client.get(f"/staff/results/{slug}/export/{kind}"))
        assert response.status_code == 200
        print(f"{'':<48} {len(response.data) / 1e6:7.1f} MB")
    with app.test_request_context():
        built = build_lagesbild(find_campaign(slug), None, "sv")
    print("areas in report:", len(built.indicator.areas),
          "suppressed:", sum(r["suppressed"] for r in built.indicator.areas))


if __name__ == "__main__":
    main()
