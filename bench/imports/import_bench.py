"""Bench: importing 100 000 responses from an SPSS, CSV or XLSX file (``surveyapp.imports``).

Writes one file of ``--rows`` valid synthetic responses in the layout of the app's own export
(strata, every analysis column, a weight; made by pyreadstat / pandas / openpyxl), then runs
each measurement in a fresh Python process so that its peak memory (``ru_maxrss``) is its own:

* ``baseline``: only reading the file with the library underneath (``pyreadstat.read_sav``,
  ``pandas.read_csv`` or an openpyxl read-only pass over every cell);
* ``import``: what the app does for an upload and a start, timed in two parts — ``upload``
  (read the file, describe the columns, automatic mapping, store the job) and ``run`` (read
  again, check every row with the survey's widgets and flow, insert every response with Core
  ``INSERT`` executemany, commit) — into a fresh, migrated SQLite file or ``--database-url``.

Usage: ``.venv/bin/python bench/imports/import_bench.py [--rows 100000] [--kind sav]
[--runs 3] [--database-url postgresql+psycopg://...]``
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def _write_file(kind: str, rows: int, path: Path) -> None:
    import numpy as np
    import pyreadstat

    from questionnaires import load_library
    from tests.surveyapp.imports_data import wide_frame

    model = load_library("trygghet")
    frame = wide_frame(model, rows, seed=11)
    if kind == "sav":
        pyreadstat.write_sav(frame, str(path))
    elif kind == "csv":
        frame.to_csv(path, sep=";", index=False)
    else:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("data")
        sheet.append(list(frame.columns))
        for row in frame.itertuples(index=False):
            sheet.append([None if isinstance(v, float) and np.isnan(v) else v for v in row])
        book.save(path)


def _baseline(kind: str, path: Path) -> dict:
    import pandas as pd
    import pyreadstat
    from openpyxl import load_workbook

    start = time.perf_counter()
    if kind == "sav":
        pyreadstat.read_sav(str(path))
    elif kind == "csv":
        pd.read_csv(path, sep=";", dtype=str)
    else:
        book = load_workbook(path, read_only=True, data_only=True)
        for _row in book.worksheets[0].iter_rows(values_only=True):
            pass
        book.close()
    return {"total": time.perf_counter() - start}


def _import(kind: str, path: Path, database_url: str | None) -> dict:
    from flask_migrate import upgrade
    from sqlalchemy import func, select

    from surveyapp import create_app
    from surveyapp.db import db
    from surveyapp.demo import DEMO_AREAS, ensure_questionnaire, square
    from surveyapp.geo.models import Area
    from surveyapp.imports.models import ImportStatus
    from surveyapp.imports.runner import run_now
    from surveyapp.imports.services import create_job
    from surveyapp.surveys.models import Campaign, Response

    folder = tempfile.mkdtemp()
    url = database_url or f"sqlite:///{folder}/bench.db"
    app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url,
                      "SESSION_COOKIE_SECURE": False})
    with app.app_context():
        upgrade()
        if database_url:  # a reused server database: start from no responses
            db.session.execute(Response.__table__.delete())
        areas = []
        for code, name, row, column in DEMO_AREAS:
            area = db.session.scalar(select(Area).where(Area.code == code))
            if area is None:
                area = Area(code=code, name=name, kind="district", geometry=square(row, column))
                db.session.add(area)
            areas.append(area)
        slug = f"bench-{os.getpid()}"
        campaign = Campaign(slug=slug, name="Bench", year=2025, mode="invitation",
                            opens=date(2025, 1, 1), closes=date(2025, 2, 1),
                            questionnaire=ensure_questionnaire(), languages=["sv"], areas=areas)
        db.session.add(campaign)
        db.session.commit()
        campaign_id = campaign.id
        data = path.read_bytes()
    with app.test_request_context():
        start = time.perf_counter()
        job = create_job(campaign=db.session.get(Campaign, campaign_id), filename=path.name,
                         data=data, language="sv", created_by="bench")
        db.session.commit()
        uploaded = time.perf_counter()
        if os.environ.get("BENCH_PROFILE"):
            import cProfile
            import pstats

            profile = cProfile.Profile()
            profile.enable()
        run_now(job, date.today())
        db.session.commit()
        if os.environ.get("BENCH_PROFILE"):
            profile.disable()
            pstats.Stats(profile, stream=sys.stderr).sort_stats("cumtime").print_stats(25)
        done = time.perf_counter()
        assert job.status == ImportStatus.DONE, (job.message, job.problems[:3])
        stored = db.session.scalar(select(func.count()).select_from(Response)
                                   .where(Response.campaign_id == campaign_id))
    return {"upload": uploaded - start, "run": done - uploaded, "total": done - start,
            "stored": stored}


def _one(args: argparse.Namespace) -> None:
    path = Path(args.file)
    result = (_baseline(args.kind, path) if args.what == "baseline"
              else _import(args.kind, path, args.database_url))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result["peak_mib"] = usage.ru_maxrss / 1024
    result["cpu"] = usage.ru_utime + usage.ru_stime  # the whole process, start-up included
    print(json.dumps(result))


def _spread(values: list[float]) -> str:
    return (f"{min(values):.2f} / {statistics.median(values):.2f} / {max(values):.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--kind", choices=("sav", "csv", "xlsx"), default="sav")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database-url")
    parser.add_argument("--one", dest="what", choices=("baseline", "import"))
    parser.add_argument("--file")
    args = parser.parse_args()
    if args.what:
        _one(args)
        return
    folder = Path(tempfile.mkdtemp())
    path = folder / f"responses.{args.kind}"
    _write_file(args.kind, args.rows, path)
    print(f"{args.rows} rows, {args.kind}, {path.stat().st_size / 2**20:.1f} MiB, "
          f"{args.database_url.split(':')[0] if args.database_url else 'sqlite'}")
    results: dict[str, list[dict]] = {"baseline": [], "import": []}
    for _run in range(args.runs):
        for what in results:
            command = [sys.executable, __file__, "--one", what, "--kind", args.kind,
                       "--file", str(path)]
            if args.database_url:
                command += ["--database-url", args.database_url]
            output = subprocess.run(command, check=True, capture_output=True, text=True,
                                    cwd=ROOT).stdout
            results[what].append(json.loads(output.strip().splitlines()[-1]))
    for what, runs in results.items():
        parts = [key for key in ("upload", "run", "total") if key in runs[0]]
        times = ", ".join(f"{key} {_spread([r[key] for r in runs])} s" for key in parts)
        print(f"{what:9} (min / median / max of {len(runs)}): {times}; process CPU "
              f"{_spread([r['cpu'] for r in runs])} s; "
              f"peak {_spread([r['peak_mib'] for r in runs])} MiB")
    ratio = (statistics.median(r["total"] for r in results["import"])
             / statistics.median(r["total"] for r in results["baseline"]))
    print(f"import / baseline (medians): {ratio:.1f}×")


if __name__ == "__main__":
    main()
