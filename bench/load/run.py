"""Load and crash bench: 200 concurrent respondents against gunicorn on loopback, then the same
while the server is killed with SIGKILL mid-run and restarted.

Run (not part of the test suite; about 2.5 minutes per backend):

    .venv/bin/python bench/load/run.py                       # SQLite file in a temp folder
    .venv/bin/python bench/load/run.py --postgres            # a fresh PostgreSQL database
    .venv/bin/python bench/load/run.py --clients 50 --seconds 20 --kills 1   # quicker

What is asserted, per scenario: 0 errors (an HTTP status the flow does not expect; connection
failures while the server is down are retried, and counted apart), no response stored twice,
and every acknowledged response — one whose last page answered with the redirect to the
thank-you page — is in the database, checked by the unique marker each respondent writes in
the free-text question — either written as a response or still sealed in the pending store
(answers become responses in batches of ANONYMITY_BATCH_SIZE); after each run the bench writes
what is pending, as campaign close does, and checks again. Responses stored but not
acknowledged (the server died after the commit, before the answer reached the client, and the
client gave up) are counted and allowed.
All clients share 127.0.0.1, so the per-IP rate limits are raised for the bench (the limiter
still runs on every request).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.load.client import Stats, run_load  # noqa: E402
from bench.serving import free_port  # noqa: E402

VENV_BIN = ROOT / ".venv" / "bin"
SLUG = "trygghet-2026"
PG_ADMIN = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def bench_env(database_url: str) -> dict[str, str]:
    huge = "1000000/minute"
    return dict(
        os.environ, SECRET_KEY="bench-load", SESSION_COOKIE_SECURE="0",
        DATABASE_URL=database_url, RATELIMIT_PUBLIC_POST=huge, RATELIMIT_LOGIN=huge,
        RATELIMIT_CODE=huge, RATELIMIT_OPEN_START=huge,
    )


def prepare(env: dict[str, str]) -> None:
    """Migrate and load the demo campaign (open link + codes)."""
    subprocess.run([str(VENV_BIN / "flask"), "--app", "surveyapp", "demo", "--codes", "1"],
                   env=env, check=True, capture_output=True, cwd=ROOT)


def start_server(env: dict[str, str], port: int, workers: int) -> subprocess.Popen:
    """gunicorn in its own process group, so master and workers can be killed together."""
    process = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}",
         "--backlog", "2048", "--timeout", "120", "--log-level", "error",
         "surveyapp:create_app()"],
        env=env, cwd=ROOT, start_new_session=True,
    )
    deadline = time.time() + 180
    while not _all_workers_answer(port, workers, patience=5.0 if time.time() < deadline else 60):
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited")
        time.sleep(0.2)
    return process


def _all_workers_answer(port: int, workers: int, patience: float) -> bool:
    """True when ``2 * workers`` simultaneous requests all answer quickly: the master binds the
    port at once, but each worker needs a few seconds to import the app."""
    import concurrent.futures
    import urllib.request

    def fetch(_: int) -> float:
        started = time.time()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=30) as response:
            response.read()
        return time.time() - started

    try:
        with concurrent.futures.ThreadPoolExecutor(2 * workers) as pool:
            return max(pool.map(fetch, range(2 * workers))) < patience
    except OSError:
        return False


def kill_server(process: subprocess.Popen) -> None:
    """SIGKILL to gunicorn's master and every worker (its own process group)."""
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def stop_server(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=60)


def stored_markers(database_url: str) -> tuple[list[str], list[str]]:
    """The bench markers in the free-text answer of every written response, and of every
    answer still sealed in the pending store (unsealed with the bench's SECRET_KEY)."""
    from surveyapp import create_app
    from surveyapp.surveys.sealing import unseal

    engine = sa.create_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT answers FROM response")).scalars().all()
        sealed = connection.execute(sa.text("SELECT sealed FROM pending_answer")).scalars().all()
    engine.dispose()
    app = create_app({"SECRET_KEY": "bench-load", "SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        pending_rows = [unseal(bytes(blob))["answers"] for blob in sealed]
    return _markers(rows), _markers(pending_rows)


def _markers(rows: list) -> list[str]:
    markers = []
    for answers in rows:
        value = (json.loads(answers) if isinstance(answers, str) else answers).get("forbattring")
        if isinstance(value, str) and value.startswith("bench-"):
            markers.append(value)
    return markers


def flush_pending(env: dict[str, str]) -> None:
    """What campaign close does: write every pending answer, even fewer than k."""
    subprocess.run([str(VENV_BIN / "flask"), "--app", "surveyapp", "survey", "flush-pending",
                    "--all", "--force"], env=env, check=True, capture_output=True, cwd=ROOT)


def scenario(env: dict[str, str], workers: int, clients: int, seconds: float,
             kills: int) -> dict:
    """One run; with ``kills`` the server is SIGKILLed that many times and restarted."""
    port = free_port()
    server = [start_server(env, port, workers)]
    written_before, pending_before = stored_markers(env["DATABASE_URL"])
    before = Counter(written_before + pending_before)
    stats = Stats()
    downtime: list[float] = []

    async def killer() -> None:
        for _ in range(kills):
            await asyncio.sleep(seconds / (kills + 1))
            started = time.monotonic()
            await asyncio.to_thread(kill_server, server[0])
            await asyncio.sleep(1.0)
            server[0] = await asyncio.to_thread(start_server, env, port, workers)
            downtime.append(time.monotonic() - started)

    async def main() -> float:
        started = time.monotonic()
        await asyncio.gather(run_load("127.0.0.1", port, SLUG, clients, seconds, stats), killer())
        return time.monotonic() - started

    elapsed = asyncio.run(main())
    stop_server(server[0])
    written, pending = stored_markers(env["DATABASE_URL"])
    stored = Counter(written + pending) - before
    written_now = len(Counter(written) - before)
    pending_now = len(Counter(pending) - before)
    flush_pending(env)
    flushed, left = stored_markers(env["DATABASE_URL"])
    after_flush = Counter(flushed) - before
    acknowledged = Counter(stats.acknowledged)
    lost = sorted(set(acknowledged) - set(stored))
    latencies = sorted(stats.latencies) or [0.0]
    return {
        "clients": clients, "workers": workers, "seconds": round(elapsed, 1), "kills": kills,
        "downtime_s": [round(d, 1) for d in downtime],
        "acknowledged": sum(acknowledged.values()), "stored": sum(stored.values()),
        "written": written_now, "pending": pending_now,
        "lost": len(lost), "lost_after_flush": len(set(acknowledged) - set(after_flush)),
        "pending_after_flush": len(left),
        "twice_after_flush": sum(1 for n in after_flush.values() if n > 1),
        "stored_twice": sum(1 for n in stored.values() if n > 1),
        "unacknowledged_stored": len(set(stored) - set(acknowledged)),
        "errors": len(stats.errors), "error_kinds": dict(Counter(stats.errors).most_common(5)),
        "retries": stats.retries, "abandoned": stats.abandoned, "requests": stats.requests,
        "surveys_per_s": round(sum(acknowledged.values()) / elapsed, 1),
        "requests_per_s": round(stats.requests / elapsed),
        "latency_p50_ms": round(1000 * statistics.median(latencies)),
        "latency_p95_ms": round(1000 * latencies[int(0.95 * (len(latencies) - 1))]),
    }


def postgres_database() -> tuple[str, str]:
    import psycopg

    name = f"bench_load_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN.rsplit("/", 1)[0].split("://", 1)[1]
    return name, f"postgresql+psycopg://{base}/{name}"


def drop_postgres(name: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--kills", type=int, default=2)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()
    pg_name = None
    if args.postgres:
        pg_name, url = postgres_database()
    else:
        url = f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    env = bench_env(url)
    try:
        prepare(env)
        results = {"backend": url.split(":", 1)[0].split("+")[0]}
        results["steady"] = scenario(env, args.workers, args.clients, args.seconds, 0)
        print(json.dumps(results["steady"]), flush=True)
        results["sigkill"] = scenario(env, args.workers, args.clients, args.seconds, args.kills)
        print(json.dumps(results["sigkill"]), flush=True)
    finally:
        if pg_name:
            drop_postgres(pg_name)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    ok = all(
        results[name]["errors"] == 0 and results[name]["lost"] == 0
        and results[name]["lost_after_flush"] == 0 and results[name]["stored_twice"] == 0
        and results[name]["twice_after_flush"] == 0 for name in ("steady", "sigkill")
    )
    print("OK" if ok else "FAILED", results["backend"])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
