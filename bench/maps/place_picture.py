"""Analysts' place map (folium): time until Chromium has drawn every layer.

Seeds a fresh SQLite database with the demo (plus its survey responses) and then, inside the
demo campaign's areas, N approved dialogue pins (default 50 000), M survey responses marking an
unsafe place (default 20 000) and K located walk observations (default 5 000); serves the app on
127.0.0.1, logs in as an analyst and loads the map document
``/staff/results/<slug>/places/map`` in headless Chromium until ``<html data-ready="true">``
(set by place_layers.js two animation frames after the layers were added, i.e. after the canvas
has drawn them). The baseline in the same run is the same page with only the first 5 000 pins
(``?source=dialogue&to=<day>``, the other pins dated later). Reported: seconds from navigation
start (``performance.now()``, so the server's work is included), min/median/max of the runs,
and the ratio of the medians. Usage:
.venv/bin/python -m bench.maps.place_picture [--pins 50000] [--survey 20000] [--walk 5000]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import insert
from werkzeug.serving import make_server

from surveyapp import create_app
from surveyapp.auth.models import User
from surveyapp.db import db
from surveyapp.demo import DEMO_CAMPAIGN, load_demo
from surveyapp.dialogue.models import Pin
from surveyapp.geo.geometry import bounds, contains
from surveyapp.results.demo import load_demo_responses
from surveyapp.surveys.models import Campaign, Response
from surveyapp.surveys.services import find_campaign
from surveyapp.walks.models import Observation, Walk

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "a long enough password"
BASELINE = 5_000
CATEGORIES = ["belysning", "vegetation", "nedskrapning", "skadegorelse", "trafik", "folktomt",
              "grupper", "annat"]


def _points(areas, count: int, rng: random.Random) -> list[tuple[float, float, object]]:
    south, west, north, east = bounds(area.geometry for area in areas)
    found = []
    while len(found) < count:
        lat, lng = rng.uniform(south, north), rng.uniform(west, east)
        area = next((a for a in areas if contains(a.geometry, lat, lng)), None)
        if area is not None:
            found.append((lat, lng, area))
    return found


def seed(app, pins: int, survey: int, walk: int) -> date:
    """The data described above; returns the last day of the baseline's pins."""
    rng = random.Random(15)
    today = date.today()
    cut = today - timedelta(days=30)
    with app.app_context():
        load_demo(today, codes=4)
        load_demo_responses(today, per_area=45)
        campaign: Campaign = find_campaign(DEMO_CAMPAIGN)
        areas = [a for a in campaign.areas if a.geometry]
        db.session.execute(insert(Pin), [
            {"source": "dialogue", "lat": lat, "lng": lng, "area_id": area.id,
             "category": rng.choice(CATEGORIES), "status": "approved", "flags": [], "me_too": 0,
             "time_of_day": "kvall", "created_on": cut if i < BASELINE else today}
            for i, (lat, lng, area) in enumerate(_points(areas, pins, rng))])
        db.session.execute(insert(Response), [
            {"id": 10**9 + i, "campaign_id": campaign.id, "channel": "invitation",
             "language": "sv", "area_code": area.code, "sex": "f", "age_group": "25-44",
             "status": "complete", "submitted_on": today,
             "answers": {"trygg_kvall": 2,
                         "otrygg_plats": {"area": area.code, "lat": lat, "lng": lng}}}
            for i, (lat, lng, area) in enumerate(_points(areas, survey, rng))])
        walk_row = Walk(area_id=areas[0].id, date=today, meeting_point="Torget",
                        join_code="BENCH1")
        db.session.add(walk_row)
        db.session.flush()
        db.session.execute(insert(Observation), [
            {"walk_id": walk_row.id, "number": i + 1, "lat": lat, "lng": lng,
             "category": rng.choice(CATEGORIES),
             "description": "", "severity": 1 + i % 3, "place_description": "", "proposal": ""}
            for i, (lat, lng, _area) in enumerate(_points(areas, walk, rng))])
        user = User(email="analyst@example.se", roles=["analyst"])
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()
    return cut


def measure(url: str, paths: dict[str, str], runs: int) -> dict[str, list[float]]:
    """Seconds from navigation start to data-ready for each path, runs interleaved."""
    from playwright.sync_api import sync_playwright

    results: dict[str, list[float]] = {name: [] for name in paths}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                             args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=url)
        page = context.new_page()
        page.goto("/login")
        page.fill("input[name=email]", "analyst@example.se")
        page.fill("input[name=password]", PASSWORD)
        with page.expect_navigation():
            page.click("button[type=submit]")
        for _ in range(runs):
            for name, path in paths.items():
                page.goto(path, wait_until="commit")
                page.wait_for_selector('html[data-ready="true"]', state="attached",
                                       timeout=120_000)
                results[name].append(page.evaluate("performance.now()") / 1000)
        context.close()
        browser.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pins", type=int, default=50_000)
    parser.add_argument("--survey", type=int, default=20_000)
    parser.add_argument("--walk", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-places-"))
    app = create_app({"SECRET_KEY": "bench", "SESSION_COOKIE_SECURE": False,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}"})
    with app.app_context():
        upgrade()
    started = time.perf_counter()
    cut = seed(app, args.pins, args.survey, args.walk)
    print(f"seeded {args.pins} pins, {args.survey} survey places, {args.walk} observations "
          f"in {time.perf_counter() - started:.1f} s")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"/staff/results/{DEMO_CAMPAIGN}/places/map"
    paths = {f"baseline: {BASELINE} pins": f"{base}?source=dialogue&to={cut.isoformat()}",
             "all layers": base}
    results = measure(f"http://127.0.0.1:{server.port}", paths, args.runs)
    for name, values in results.items():
        print(f"{name:24s} min {min(values):.2f} s  median {statistics.median(values):.2f} s  "
              f"max {max(values):.2f} s  (runs: {', '.join(f'{v:.2f}' for v in values)})")
    medians = [statistics.median(v) for v in results.values()]
    print(f"ratio all layers / baseline (medians): {medians[1] / medians[0]:.2f}")
    server.shutdown()


if __name__ == "__main__":
    main()
