"""The analyst dashboard and the lägesbild report in real Chromium: accessible (axe), no
request leaves the server, and the report prints to PDF."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from werkzeug.serving import make_server

from tests.browser.conftest import assert_accessible
from tests.conftest import make_test_app

PASSWORD = "a long enough password"


@pytest.fixture(scope="module")
def results_server(tmp_path_factory):
    """A server of its own (demo data, two waves of responses, an analyst)."""
    from surveyapp.auth.models import User
    from surveyapp.db import db
    from surveyapp.demo import load_demo
    from surveyapp.results.demo import load_demo_responses

    app = make_test_app(f"sqlite:///{tmp_path_factory.mktemp('results') / 'r.db'}")
    with app.app_context():
        load_demo(date.today(), codes=4)
        load_demo_responses(date.today(), per_area=45)
        user = User(email="analyst@example.se", roles=["analyst"])
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.port}"
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def analyst_page(browser, results_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  base_url=results_server)
    outside: list[str] = []
    context.on("request", lambda r: outside.append(r.url)
               if not r.url.startswith(results_server) else None)
    page = context.new_page()
    page.goto("/login")
    page.fill("input[name=email]", "analyst@example.se")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    yield page
    context.close()
    assert outside == []


def test_dashboard_is_accessible_with_charts_and_tables(analyst_page):
    page = analyst_page
    page.goto("/staff/results/trygghet-2026/?item=problem_narkotika#items")
    assert page.locator("svg[role=img]").count() == 3
    assert page.locator("table.figures tbody tr").count() >= 6 * 4
    assert page.locator("svg[role=img] >> nth=0").bounding_box()["width"] > 300
    assert_accessible(page, "results dashboard")
    page.goto("/staff/results/trygghet-2026/weighting")
    assert_accessible(page, "weighting page")


def test_report_is_accessible_and_prints_to_pdf(analyst_page, tmp_path):
    page = analyst_page
    page.goto("/staff/results/trygghet-2026/report?lang=sv")
    assert page.locator("h1").inner_text().startswith("Lägesbild")
    assert_accessible(page, "lägesbild report")
    page.emulate_media(media="print")
    assert not page.locator("form.no-print").is_visible()
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    (tmp_path / "lagesbild.pdf").write_bytes(pdf)


def test_tables_workbook_is_made_in_the_background_and_downloaded(analyst_page, tmp_path):
    """The dashboard's XLSX button queues the export; its page (accessible, refreshing itself)
    shows the steps and then the file, which opens as a workbook with the weighted tables."""
    from openpyxl import load_workbook

    page = analyst_page
    page.goto("/staff/results/trygghet-2026/?lang=sv")
    page.click("button:has-text('Data och viktade tabeller (XLSX)')")
    assert "/staff/results/exports/" in page.url
    assert page.locator("#job-status").inner_text().strip() != ""
    assert_accessible(page, "export progress page")
    link = page.locator("a:has-text('Hämta filen')")
    link.wait_for(timeout=60000)  # the page reloads itself every two seconds
    assert_accessible(page, "finished export page")
    with page.expect_download() as info:
        link.click()
    path = tmp_path / "tables.xlsx"
    info.value.save_as(path)
    book = load_workbook(path, read_only=True)
    assert {"data", "tables"} <= set(book.sheetnames)
    assert any(row[0] == "trygg_kvall" for row in book["tables"].iter_rows(values_only=True))
