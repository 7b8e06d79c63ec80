"""The respondent flow against a bare Flask app, side by side on the same gunicorn.

Run (not part of the test suite; about 1 minute per app and run):

    .venv/bin/python -m bench.respondent.vs_bare                 # SQLite files in a temp folder
    .venv/bin/python -m bench.respondent.vs_bare --postgres      # fresh PostgreSQL databases
    .venv/bin/python -m bench.respondent.vs_bare --runs 3 --seconds 15 --clients 16
    .venv/bin/python -m bench.respondent.vs_bare --before /path/to/old/checkout   # + old code

Each run starts gunicorn (same workers, same options) on a fresh database, waits until every
worker answers (the window starts only then), warms up, and lets ``--clients`` simulated
residents — spread over 4 client processes, so the client's GIL is not the limit — answer the
whole survey for ``--seconds``. Apps alternate within a run (surveyapp, bare, surveyapp, …), so
both see the same load on the shared machine. Prints requests/s, completed surveys/s and p50/p95
latency per request for each, min/median/max over the runs, and the ratio surveyapp / bare.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.load.run import drop_postgres, postgres_database  # noqa: E402
from bench.respondent.bare_app import create_table  # noqa: E402
from bench.respondent_client import Respondent  # noqa: E402
from bench.serving import free_port, wait_until_answering  # noqa: E402

VENV_BIN = ROOT / ".venv" / "bin"
SLUG = "trygghet-2026"
APPS = {"surveyapp": "surveyapp:create_app()", "bare": "bench.respondent.bare_app:create_app()"}


def app_env(database_url: str) -> dict[str, str]:
    """The same settings for both apps; the limiter runs but never refuses (all clients share
    127.0.0.1)."""
    huge = "1000000/minute"
    return dict(os.environ, SECRET_KEY="bench-vs-bare", SESSION_COOKIE_SECURE="0",
                DATABASE_URL=database_url, RATELIMIT_PUBLIC_POST=huge, RATELIMIT_LOGIN=huge,
                RATELIMIT_CODE=huge, RATELIMIT_OPEN_START=huge, BARE_PAGES="8")


def start(app: str, env: dict[str, str], port: int, workers: int, checkout: Path = ROOT
          ) -> subprocess.Popen:
    """gunicorn with the app; returns once every worker has answered a request."""
    process = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}",
         "--backlog", "2048", "--log-level", "error", "--chdir", str(checkout),
         APPS["surveyapp" if app == "before" else app]],
        env=dict(env, PYTHONPATH=str(checkout)), cwd=checkout, start_new_session=True,
    )
    wait_until_answering(f"http://127.0.0.1:{port}/s/{SLUG}", 4 * workers, process)
    return process


def _client_process(base: str, threads: int, seconds: float, queue) -> None:
    stop = time.time() + seconds
    done, failed, latencies = [0], [0], []
    lock = threading.Lock()

    def resident() -> None:
        while time.time() < stop:
            respondent = Respondent(base)
            ok = respondent.answer(SLUG)
            with lock:
                (done if ok else failed)[0] += 1
                latencies.extend(respondent.latencies)

    workers = [threading.Thread(target=resident) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    queue.put((done[0], failed[0], latencies))


def load(base: str, clients: int, seconds: float, processes: int = 4) -> dict[str, float]:
    """Residents answering for ``seconds``; rates over the measured wall time."""
    queue: multiprocessing.Queue = multiprocessing.Queue()
    per = [clients // processes + (i < clients % processes) for i in range(processes)]
    started = time.time()
    procs = [multiprocessing.Process(target=_client_process, args=(base, n, seconds, queue))
             for n in per if n]
    for proc in procs:
        proc.start()
    results = [queue.get() for _ in procs]
    for proc in procs:
        proc.join()
    elapsed = time.time() - started
    latencies = sorted(x for _, _, values in results for x in values)
    return {
        "requests/s": len(latencies) / elapsed,
        "surveys/s": sum(done for done, _, _ in results) / elapsed,
        "failed": sum(failed for _, failed, _ in results),
        "p50 ms": 1000 * latencies[len(latencies) // 2],
        "p95 ms": 1000 * latencies[int(len(latencies) * 0.95)],
    }


def one_run(app: str, args, folder: str) -> dict[str, float]:
    """One app on a fresh database (a new file in ``folder``; on PostgreSQL dropped after)."""
    sqlite = f"sqlite:///{folder}/{uuid.uuid4().hex}.db"
    pg_name, url = postgres_database() if args.postgres else ("", sqlite)
    try:
        return _measure(app, args, app_env(url))
    finally:
        if pg_name:
            drop_postgres(pg_name)


def _measure(app: str, args, env: dict[str, str]) -> dict[str, float]:
    checkout = args.before.resolve() if app == "before" else ROOT
    if app == "bare":
        create_table(env["DATABASE_URL"])
    else:
        subprocess.run([str(VENV_BIN / "flask"), "--app", "surveyapp", "demo", "--codes", "1"],
                       env=dict(env, PYTHONPATH=str(checkout)), check=True,
                       capture_output=True, cwd=checkout)
    port = free_port()
    server = start(app, env, port, args.workers, checkout)
    try:
        base = f"http://127.0.0.1:{port}"
        load(base, args.clients, 3)  # warm-up: caches, connections, compiled SQL
        return load(base, args.clients, args.seconds)
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--before", type=Path, help="also run the respondent flow of this "
                        "checkout (the old code), as app 'before'")
    args = parser.parse_args()
    folder = tempfile.mkdtemp()
    names = [*(["before"] if args.before else []), *APPS]
    results: dict[str, list[dict[str, float]]] = {app: [] for app in names}
    for run in range(args.runs):
        for app in names:
            result = one_run(app, args, folder)
            results[app].append(result)
            print(f"run {run + 1} {app}: " + ", ".join(
                f"{key} {value:.1f}" for key, value in result.items()), flush=True)
    backend = "PostgreSQL" if args.postgres else "SQLite"
    print(f"\n{backend}, gunicorn -w {args.workers}, {args.clients} residents, "
          f"{args.seconds:.0f} s per run, {args.runs} runs (min / median / max)")
    for key in ("requests/s", "surveys/s", "p50 ms", "p95 ms"):
        cells = []
        for app in names:
            values = [r[key] for r in results[app]]
            cells.append(f"{app} {min(values):.1f} / {statistics.median(values):.1f} / "
                         f"{max(values):.1f}")
        print(f"  {key}: " + " | ".join(cells))
    ratios = [s["requests/s"] / b["requests/s"]
              for s, b in zip(results["surveyapp"], results["bare"], strict=True)]
    print("  ratio surveyapp/bare requests/s per run: "
          + ", ".join(f"{r:.2f}" for r in ratios)
          + f" (median {statistics.median(ratios):.2f})")
    if args.before:
        old = [s["requests/s"] / b["requests/s"]
               for s, b in zip(results["before"], results["bare"], strict=True)]
        print("  ratio before/bare requests/s per run: " + ", ".join(f"{r:.2f}" for r in old)
              + f" (median {statistics.median(old):.2f})")
    failed = sum(r["failed"] for rs in results.values() for r in rs)
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
