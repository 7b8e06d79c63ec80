"""First paint of the first question page on emulated 3G, before and after, in one run.

Run (not part of the test suite; needs Debian's chromium):

    .venv/bin/python -m bench.respondent.first_paint --before /path/to/old/checkout [--runs 3]

Each version is served by gunicorn (2 workers) from its own checkout on a fresh SQLite database
with the demo campaign; the "after" checkout is also run with ``COMPRESS_RESPONSES=0`` (what a
deployment gets when the reverse proxy does not compress either). In a fresh browser context
on an emulated network (Chrome DevTools' presets: Slow 3G = 2 000 ms latency, 400 kbit/s down
and up; Regular 3G = 100 ms, 750 kbit/s down, 250 kbit/s up) a resident opens the start page
and presses "Start the survey"; measured is the time from that press to the first contentful
paint of the first question page (POST, redirects, HTML, stylesheet), then the same from
pressing "Next" to the paint of the page that follows (a warm cache: the stylesheet is either
reused as ``immutable`` or revalidated). Runs alternate between versions.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.serving import free_port, wait_until_answering  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
SLUG = "trygghet-2026"
NETWORKS = {
    "Slow 3G": {"latency": 2000, "downloadThroughput": 400_000 / 8,
                "uploadThroughput": 400_000 / 8},
    "Regular 3G": {"latency": 100, "downloadThroughput": 750_000 / 8,
                   "uploadThroughput": 250_000 / 8},
}
_PAINT = """t0 => {
  const fcp = performance.getEntriesByType('paint')
      .find(entry => entry.name === 'first-contentful-paint');
  return fcp ? performance.timeOrigin + fcp.startTime - t0 : null;
}"""


def serve(checkout: Path, folder: str, extra: dict[str, str]) -> tuple[subprocess.Popen, str]:
    """gunicorn serving ``checkout`` with the demo data; returns (process, base URL)."""
    env = dict(os.environ, SECRET_KEY="bench-paint", SESSION_COOKIE_SECURE="0",
               RATELIMIT_ENABLED="0", PYTHONPATH=str(checkout),
               DATABASE_URL=f"sqlite:///{folder}/{checkout.name}-{len(extra)}.db", **extra)
    venv = ROOT / ".venv" / "bin"
    subprocess.run([str(venv / "flask"), "--app", "surveyapp", "demo", "--codes", "1"],
                   env=env, check=True, capture_output=True, cwd=checkout)
    port = free_port()
    process = subprocess.Popen(
        [str(venv / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}", "--chdir", str(checkout),
         "--log-level", "error", "surveyapp:create_app()"],
        env=env, cwd=checkout, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    wait_until_answering(f"{base}/s/{SLUG}", 8, process)
    return process, base


def measure_once(browser, base: str, network: dict[str, float]) -> tuple[float, float]:
    """(first question page, next page) first paint in seconds after the press."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, **network})
    page.goto(f"{base}/s/{SLUG}?lang=sv")
    timings = []
    for button in ('form[action$="/start"] button', 'button[value="next"]'):
        pressed = page.evaluate("Date.now()")
        with page.expect_navigation(url="**/page/**", timeout=120_000):
            page.click(button)
        painted = None
        for _ in range(1200):  # polled from here: the page's CSP forbids an eval'd predicate
            painted = page.evaluate(_PAINT, pressed)
            if painted is not None:
                break
            time.sleep(0.05)
        if painted is None:
            raise RuntimeError("no first contentful paint")
        timings.append(painted / 1000)
    context.close()
    return timings[0], timings[1]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", type=Path, required=True, help="checkout of the old code")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    folder = tempfile.mkdtemp()
    versions = {"before": (args.before.resolve(), {}),
                "after, gzip off": (ROOT, {"COMPRESS_RESPONSES": "0"}),
                "after": (ROOT, {})}
    servers = {name: serve(checkout, folder, extra)
               for name, (checkout, extra) in versions.items()}
    results: dict[tuple[str, str], list[tuple[float, float]]] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                                 args=["--no-sandbox", "--disable-gpu"])
            for network_name, network in NETWORKS.items():
                for _ in range(args.runs):
                    for name, (_, base) in servers.items():
                        timing = measure_once(browser, base, network)
                        results.setdefault((network_name, name), []).append(timing)
                        print(network_name, name, [f"{t:.2f}" for t in timing], flush=True)
            browser.close()
    finally:
        for process, _ in servers.values():
            os.killpg(process.pid, 15)
    print("\nnetwork | version | first question page: min / median / max s "
          "| next page: min / median / max s")
    for (network_name, name), timings in results.items():
        first = [t[0] for t in timings]
        following = [t[1] for t in timings]
        print(f"{network_name} | {name} | {min(first):.2f} / {statistics.median(first):.2f} / "
              f"{max(first):.2f} | {min(following):.2f} / {statistics.median(following):.2f} / "
              f"{max(following):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
