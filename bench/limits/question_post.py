"""Time one question-page POST (an open-link survey's first page, answered again and again)
with the request limits off (baseline) and on, in one run on one SQLite file.

Usage: .venv/bin/python -m bench.limits.question_post [--posts 200] [--runs 3]
Prints min/median/max of each run's median per-POST time and the ratio limits-on / off.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date, timedelta
from urllib.parse import urlparse

from tests.conftest import make_test_app
from tests.surveyapp.respondent import FULL_PLAN, csrf, start_open


def _campaign(app) -> None:
    from surveyapp.db import db
    from surveyapp.demo import DEMO_AREAS, ensure_questionnaire, square
    from surveyapp.geo.models import Area
    from surveyapp.surveys.models import Campaign

    with app.app_context():
        areas = [Area(code=code, name=name, kind="district", geometry=square(row, column))
                 for code, name, row, column in DEMO_AREAS]
        questionnaire = ensure_questionnaire()
        today = date.today()
        db.session.add(Campaign(slug="bench", name="Bench", year=today.year, mode="open",
                                opens=today - timedelta(days=1), closes=today + timedelta(days=30),
                                questionnaire=questionnaire, areas=areas,
                                languages=list(questionnaire.languages)))
        db.session.commit()


def _median_post(app, posts: int) -> float:
    client = app.test_client()
    first = start_open(client, "bench")
    html = client.get(first).get_data(as_text=True)
    data = {name: value for name, value in FULL_PLAN.items() if f'name="{name}"' in html}
    data["csrf_token"] = csrf(html)
    times = []
    for _ in range(posts):
        started = time.perf_counter()
        response = client.post(first, data=data)
        times.append(time.perf_counter() - started)
        assert response.status_code == 303, response.status_code
        assert urlparse(response.location).path != first
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    url = f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    apps = {"off": make_test_app(url), "on": make_test_app(url, RATELIMIT_ENABLED=True,
                                                           RATELIMIT_PUBLIC_POST="100000/minute")}
    _campaign(apps["off"])
    results: dict[str, list[float]] = {"off": [], "on": []}
    for _ in range(args.runs):
        for name, app in apps.items():
            results[name].append(_median_post(app, args.posts))
    for name, values in results.items():
        ms = [v * 1000 for v in values]
        print(f"limits {name}: min {min(ms):.2f} ms, median {statistics.median(ms):.2f} ms, "
              f"max {max(ms):.2f} ms per POST (median of {args.posts}, {args.runs} runs)")
    ratio = statistics.median(results["on"]) / statistics.median(results["off"])
    print(f"ratio on/off: {ratio:.3f}")


if __name__ == "__main__":
    main()
