"""The public map with 200 000 pins, before and after the server-side grid, in one run.

Seeds N approved pins (default 200 000) in a fresh SQLite database (``map_load.seed``) and
serves it twice on 127.0.0.1: "before" as the map worked until now — every pin in one
``pins.json``, uncompressed (``MAP_POINTS_LIMIT`` above N, ``COMPRESS_RESPONSES=0``) — and
"after" with the defaults (grid cells per view, points for a view of at most 5 000 pins, gzip).
In headless Chromium at 390×844, unthrottled and on emulated Regular 3G (100 ms, 750 kbit/s
down, 250 kbit/s up), it loads the map until ``#map[data-ready="true"]`` and records the time
since navigation start and the bytes received (encoded, i.e. as sent) until then. Versions
alternate within each round.

Usage: .venv/bin/python -m bench.dialogue.map_scale [--pins 200000] [--runs 3]
"""

from __future__ import annotations

import argparse
import logging
import statistics
import tempfile
import threading
import time
from pathlib import Path

from flask_migrate import upgrade
from werkzeug.serving import make_server

from bench.dialogue.map_load import CHROMIUM, SLUG, seed
from surveyapp import create_app

NETWORKS = {
    "unthrottled": None,
    "Regular 3G": {"latency": 100, "downloadThroughput": 750_000 / 8,
                   "uploadThroughput": 250_000 / 8},
}


def serve(database: str, extra: dict) -> str:
    app = create_app({"SECRET_KEY": "bench", "SESSION_COOKIE_SECURE": False,
                      "SQLALCHEMY_DATABASE_URI": database, **extra})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.port}"


def load_once(browser, url: str, network: dict | None) -> tuple[float, int]:
    """(seconds to map ready, bytes received until then) in a fresh phone context."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    received = [0]
    cdp.on("Network.loadingFinished",
           lambda event: received.__setitem__(0, received[0] + int(event["encodedDataLength"])))
    if network:
        cdp.send("Network.emulateNetworkConditions", {"offline": False, **network})
    page.goto(f"{url}/karta/{SLUG}", wait_until="commit")
    page.wait_for_selector('#map[data-ready="true"]', timeout=300_000)
    seconds = page.evaluate("performance.now()") / 1000
    context.close()
    return seconds, received[0]


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pins", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    database = f"sqlite:///{Path(tempfile.mkdtemp(prefix='bench-map-')) / 'bench.db'}"
    app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": database})
    with app.app_context():
        upgrade()
    started = time.perf_counter()
    seed(app, args.pins)
    print(f"seeded {args.pins} approved pins in {time.perf_counter() - started:.1f} s", flush=True)
    versions = {
        "before (all pins, no gzip)": serve(database, {"MAP_POINTS_LIMIT": args.pins + 1,
                                                       "COMPRESS_RESPONSES": False}),
        "after (grid, gzip)": serve(database, {}),
    }
    results: dict[tuple[str, str], list[tuple[float, int]]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                             args=["--no-sandbox", "--disable-gpu"])
        for network_name, network in NETWORKS.items():
            for _ in range(args.runs):
                for name, url in versions.items():
                    result = load_once(browser, url, network)
                    results.setdefault((network_name, name), []).append(result)
                    print(f"{network_name} | {name} | {result[0]:.2f} s, "
                          f"{result[1] / 1024:.0f} KiB", flush=True)
        browser.close()
    print("\nnetwork | version | map ready min / median / max s | KiB received (median)")
    for (network_name, name), values in results.items():
        seconds = [v[0] for v in values]
        kib = statistics.median(v[1] for v in values) / 1024
        print(f"{network_name} | {name} | {min(seconds):.2f} / {statistics.median(seconds):.2f}"
              f" / {max(seconds):.2f} | {kib:.0f}")


if __name__ == "__main__":
    main()
