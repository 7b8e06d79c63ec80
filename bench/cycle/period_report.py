"""Time the annual period report (HTML and DOCX) on the demo data.

A fresh SQLite database with ``flask demo`` data and two waves of demo responses
(``load_demo_responses``, 60 per area); the report of the current year is built as HTML (the
page's template rendered) and as DOCX. Baseline in the same run: the campaign lägesbild of the
latest campaign (``build_lagesbild``, which the period report calls for each campaign of the
year). Prints min / median / max of ``--runs`` runs and the ratio of medians to the baseline.

    .venv/bin/python -m bench.cycle.period_report --runs 3
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date


def _summary(times: list[float]) -> str:
    return (f"min {min(times):.3f} s, median {statistics.median(times):.3f} s, "
            f"max {max(times):.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    from flask import render_template
    from flask_migrate import upgrade
    from sqlalchemy import select

    from surveyapp import create_app
    from surveyapp.db import db
    from surveyapp.demo import load_demo
    from surveyapp.reports.content import build_report
    from surveyapp.reports.docx_export import to_docx
    from surveyapp.reports.forms import read_period
    from surveyapp.reports.periods import YEAR, Period
    from surveyapp.results.demo import load_demo_responses
    from surveyapp.results.lagesbild import build_lagesbild
    from surveyapp.surveys.models import Campaign
    from surveyapp.walks.forms import FormResult

    today = date.today()
    period = Period(YEAR, today.year)
    timings: dict[str, list[float]] = {"campaign lägesbild (baseline)": [],
                                       "annual report HTML": [], "annual report DOCX": []}
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"SECRET_KEY": "bench", "SESSION_COOKIE_SECURE": False,
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db"})
        with app.app_context():
            upgrade()
            load_demo(today, codes=4)
            load_demo_responses(today, per_area=60)
            db.session.commit()
            campaign_id = db.session.scalar(select(Campaign.id).order_by(Campaign.year.desc()))
        for _run in range(runs):
            with app.test_request_context("/?lang=sv"):
                campaign = db.session.get(Campaign, campaign_id)
                start = time.perf_counter()
                build_lagesbild(campaign, None, "sv")
                timings["campaign lägesbild (baseline)"].append(time.perf_counter() - start)
                start = time.perf_counter()
                html = render_template("reports/report.html", report=build_report(period, "sv"),
                                       result=read_period({"kind": YEAR, "year": str(today.year)}),
                                       approval=FormResult(), versions=[], download="",
                                       today=today)
                timings["annual report HTML"].append(time.perf_counter() - start)
                start = time.perf_counter()
                body = to_docx(build_report(period, "sv"))
                timings["annual report DOCX"].append(time.perf_counter() - start)
                db.session.rollback()
        with app.app_context():
            db.engine.dispose()
    baseline = statistics.median(timings["campaign lägesbild (baseline)"])
    print(f"{runs} runs; HTML {len(html)} characters, DOCX {len(body)} bytes")
    for name, times in timings.items():
        ratio = statistics.median(times) / baseline
        print(f"{name}: {_summary(times)}; ratio to baseline {ratio:.1f}")


if __name__ == "__main__":
    main()
