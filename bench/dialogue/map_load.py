"""Public dialogue map with many approved pins: time until the clustered map is ready in Chromium.

Seeds N approved pins (default 50 000) at random points inside the demo areas in a fresh SQLite
database, serves the app on 127.0.0.1 and loads /karta/<slug> in headless Chromium (phone and
desktop viewports) until ``#map[data-ready="true"]`` (set by dialogue.js after clustering).
Usage: .venv/bin/python -m bench.dialogue.map_load [--pins 50000] [--runs 3]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import insert
from werkzeug.serving import make_server

from surveyapp import create_app
from surveyapp.db import db
from surveyapp.demo import load_demo
from surveyapp.dialogue.models import Pin
from surveyapp.dialogue.services import find_dialogue
from surveyapp.geo.geometry import bounds, contains

CHROMIUM = "/usr/bin/chromium"
SLUG = "trygghet-2026"


def seed(app, count: int) -> None:
    """``count`` approved pins spread over the demo dialogue's areas."""
    rng = random.Random(1)
    categories = ["belysning", "vegetation", "nedskrapning", "skadegorelse", "trafik",
                  "folktomt", "grupper", "annat"]
    with app.app_context():
        load_demo(date.today(), codes=4)
        dialogue = find_dialogue(SLUG)
        areas = [(area.id, area.geometry) for area in dialogue.areas]
        south, west, north, east = bounds(geometry for _, geometry in areas)
        rows = []
        while len(rows) < count:
            lat, lng = rng.uniform(south, north), rng.uniform(west, east)
            area_id = next((i for i, g in areas if contains(g, lat, lng)), None)
            if area_id is None:
                continue
            rows.append({"source": "dialogue", "dialogue_id": dialogue.id, "lat": lat, "lng": lng,
                         "area_id": area_id, "category": rng.choice(categories),
                         "status": "approved", "flags": [], "me_too": rng.randrange(5),
                         "comment": None, "created_on": date.today()})
        db.session.execute(insert(Pin), rows)
        db.session.commit()


def measure(url: str, runs: int) -> dict[str, list[float]]:
    """Seconds from navigation start to data-ready, per viewport; plus the heat-map toggle."""
    from playwright.sync_api import sync_playwright

    results: dict[str, list[float]] = {"phone": [], "desktop": [], "heat toggle": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                             args=["--no-sandbox", "--disable-gpu"])
        viewports = {"phone": {"width": 390, "height": 844},
                     "desktop": {"width": 1280, "height": 900}}
        for name, viewport in viewports.items():
            for _ in range(runs):
                context = browser.new_context(viewport=viewport)
                page = context.new_page()
                page.goto(f"{url}/karta/{SLUG}", wait_until="commit")
                page.wait_for_selector('#map[data-ready="true"]', timeout=120_000)
                results[name].append(page.evaluate("performance.now()") / 1000)
                if name == "desktop":
                    start = time.perf_counter()
                    page.click("#toggle-heat")
                    page.wait_for_selector(".leaflet-heatmap-layer")
                    page.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
                    results["heat toggle"].append(time.perf_counter() - start)
                context.close()
        browser.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pins", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-map-"))
    app = create_app({"SECRET_KEY": "bench", "SESSION_COOKIE_SECURE": False,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}"})
    with app.app_context():
        upgrade()
    started = time.perf_counter()
    seed(app, args.pins)
    print(f"seeded {args.pins} approved pins in {time.perf_counter() - started:.1f} s")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.port}"
    client = app.test_client()
    for path in (f"/karta/{SLUG}/pins.json", f"/karta/{SLUG}"):
        timings = []
        for _ in range(3):
            start = time.perf_counter()
            response = client.get(path)
            timings.append(time.perf_counter() - start)
        print(f"GET {path}: {len(response.data) / 1024:.0f} KiB, "
              f"median {statistics.median(timings) * 1000:.0f} ms (server only)")
    for name, values in measure(url, args.runs).items():
        print(f"{name:12s} median {statistics.median(values):.2f} s  "
              f"(runs: {', '.join(f'{v:.2f}' for v in values)})")
    server.shutdown()


if __name__ == "__main__":
    main()
