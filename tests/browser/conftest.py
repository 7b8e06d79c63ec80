"""A live server on loopback and real headless Chromium (Debian's, driven by Playwright)."""

from __future__ import annotations

import json
import os
import shutil
import threading
from collections.abc import Iterator
from datetime import date

import pytest
from werkzeug.serving import make_server

from tests.conftest import REPO, make_test_app

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[dict]:
    """The app with demo data served on 127.0.0.1 in a background thread."""
    from surveyapp.db import db
    from surveyapp.demo import load_demo

    path = tmp_path_factory.mktemp("live") / "live.db"
    app = make_test_app(f"sqlite:///{path}")
    with app.app_context():
        demo = load_demo(date.today(), codes=8)
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"url": f"http://127.0.0.1:{server.port}", "app": app, "demo": demo}
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium from Debian; never a downloaded browser."""
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but Chromium is missing at {CHROMIUM}")
        pytest.skip(f"Chromium not found at {CHROMIUM}; scripts/test installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone(browser, live_server):
    """A new phone-sized browser context whose requests must all stay on the live server."""
    contexts = []
    outside: list[str] = []

    def new_context():
        context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                      has_touch=True, base_url=live_server["url"])
        context.on("request", lambda request: outside.append(request.url)
                   if not request.url.startswith(live_server["url"]) else None)
        contexts.append(context)
        return context

    yield new_context
    for context in contexts:
        context.close()
    assert outside == [], f"requests left 127.0.0.1: {outside}"


def axe_violations(page) -> list[dict]:
    """Serious and critical axe-core violations (WCAG 2.1 A/AA rules) on the current page."""
    if not AXE.exists():
        pytest.fail(f"axe-core missing at {AXE}; scripts/test runs npm ci")
    # Evaluated over the DevTools protocol, so a strict Content-Security-Policy does not block it.
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def assert_accessible(page, what: str) -> None:
    """Fail with axe's findings when a page has serious or critical violations."""
    found = axe_violations(page)
    assert found == [], f"{what}: {json.dumps(found, ensure_ascii=False)}"
