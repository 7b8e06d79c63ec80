"""Time the import of a police-layout crime file and the rates of one series.

50 areas × 60 months × 5 categories = 15 000 rows (5 years of monthly crime counts), on a
fresh SQLite database; baseline in the same run: importing the population tables of the same
50 areas for 5 years (2 000 cells) through ``surveyapp.geo.population``. Prints min / median /
max of ``--runs`` runs and the ratio of medians against the baseline.

    .venv/bin/python -m bench.cycle.indicator_import --runs 3
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date

AREAS = 50
YEARS = range(2021, 2026)
CATEGORIES = ("Skadegörelse", "Misshandel", "Stöld", "Narkotikabrott", "Inbrott")


def _crime_table() -> list[list[str]]:
    rows = [["område", "år", "månad", "brottskategori", "antal"]]
    for a in range(AREAS):
        for year in YEARS:
            for month in range(1, 13):
                for c, category in enumerate(CATEGORIES):
                    rows.append([f"B{a:03d}", str(year), str(month), category,
                                 str((a * 7 + month * 3 + c) % 40)])
    return rows


def _population_csv() -> bytes:
    lines = ["region;kön;ålder;år;antal"]
    for a in range(AREAS):
        for year in YEARS:
            for sex in ("män", "kvinnor"):
                for age in ("16-24", "25-44", "45-64", "65-84"):
                    lines.append(f"B{a:03d};{sex};{age};{year};{300 + a}")
    return ("\n".join(lines) + "\n").encode()


def _summary(times: list[float]) -> str:
    return (f"min {min(times):.3f} s, median {statistics.median(times):.3f} s, "
            f"max {max(times):.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    from flask_migrate import upgrade

    from surveyapp import create_app
    from surveyapp.db import db
    from surveyapp.geo.models import Area
    from surveyapp.geo.population import import_population
    from surveyapp.indicators.services import SeriesDescription, import_series, value_rows

    table, population = _crime_table(), _population_csv()
    timings: dict[str, list[float]] = {"population (baseline)": [], "crime import": [],
                                       "rates of one series": []}
    for _run in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            app = create_app({"SECRET_KEY": "bench", "SESSION_COOKIE_SECURE": False,
                              "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db"})
            with app.app_context():
                upgrade()
                db.session.add_all(Area(code=f"B{a:03d}", name=f"Område {a}")
                                   for a in range(AREAS))
                db.session.commit()
                start = time.perf_counter()
                import_population(population)
                db.session.commit()
                timings["population (baseline)"].append(time.perf_counter() - start)
                start = time.perf_counter()
                stored = import_series(SeriesDescription("Anmälda brott", "bench", "bench",
                                                         "count"), table, date.today())
                db.session.commit()
                timings["crime import"].append(time.perf_counter() - start)
                start = time.perf_counter()
                rows = value_rows(stored[0])
                timings["rates of one series"].append(time.perf_counter() - start)
                assert len(rows) == AREAS * len(YEARS) * 12
                db.engine.dispose()
    baseline = statistics.median(timings["population (baseline)"])
    print(f"{len(table) - 1} crime rows, {runs} runs")
    for name, times in timings.items():
        ratio = statistics.median(times) / baseline
        print(f"{name}: {_summary(times)}; ratio to baseline {ratio:.1f}")


if __name__ == "__main__":
    main()
