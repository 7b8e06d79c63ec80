"""Bench: the tables workbook (XLSX) as a background job at 100 000 responses.

Seeds the same throw-away database as ``report_bench.py`` (50 areas, two waves), logs in as an
analyst and, in each of ``--runs`` rounds, first downloads ``tables.xlsx`` directly (the peer in
the same run) and then queues it as a job (POST), polling the job's row from another session
every 10 ms: seconds from the POST to the first committed progress update (the job running),
to the first step done (answers read and weighted) and to the file being ready. Prints
min/median/max. Usage: ``.venv/bin/python -m bench.results.xlsx_job [--responses 100000]``
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date

from sqlalchemy import create_engine, text

from bench.results.report_bench import _setup
from surveyapp import create_app


def _poll(url: str, job_id: int, started: float) -> dict[str, float]:
    """Seconds from ``started`` to each stage of job ``job_id``, read by a separate engine."""
    engine = create_engine(url)
    seen: dict[str, float] = {}
    with engine.connect() as connection:
        while "done" not in seen:
            status, step = connection.execute(
                text("SELECT status, step FROM export_job WHERE id = :id"), {"id": job_id}).one()
            connection.rollback()
            now = time.perf_counter() - started
            if status in ("running", "done"):
                seen.setdefault("first progress update", now)
            if step >= 1:
                seen.setdefault("answers read and weighted", now)
            if status == "done":
                seen["done"] = now
            if status == "failed":
                raise RuntimeError("the export failed")
            time.sleep(0.01)
    engine.dispose()
    return seen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--areas", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    url = f"sqlite:///{tempfile.mkdtemp(prefix='xlsx-job-')}/bench.db"
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url,
                      "SESSION_COOKIE_SECURE": False, "WTF_CSRF_ENABLED": False})
    _setup(app, args.responses, args.areas)
    client = app.test_client()
    client.post("/login", data={"email": "bench@example.se", "password": "bench password long"})
    slug = f"bench-{date.today().year}"
    results: dict[str, list[float]] = {}
    for _ in range(args.runs):
        started = time.perf_counter()
        direct = client.get(f"/staff/results/{slug}/export/tables.xlsx")
        assert direct.status_code == 200, direct.status_code
        results.setdefault("direct download (peer)", []).append(time.perf_counter() - started)
        started = time.perf_counter()
        queued = client.post(f"/staff/results/{slug}/export/tables.xlsx/job")
        assert queued.status_code == 303, queued.status_code
        job_id = int(queued.headers["Location"].rstrip("/").split("/")[-1])
        for stage, seconds in _poll(url, job_id, started).items():
            results.setdefault(f"job: {stage}", []).append(seconds)
        fetched = client.get(f"/staff/results/exports/{job_id}/file")
        assert fetched.status_code == 200 and len(fetched.data) > 0
    for name, values in results.items():
        print(f"{name:36s} min {min(values):7.2f} s  median {statistics.median(values):7.2f} s"
              f"  max {max(values):7.2f} s")
    ratio = (statistics.median(results["job: done"])
             / statistics.median(results["direct download (peer)"]))
    print(f"ratio job done / direct (medians): {ratio:.2f}")


if __name__ == "__main__":
    main()
