"""Submit throughput: concurrent residents answer the whole survey against gunicorn on loopback.

Run: .venv/bin/python bench/submit_throughput.py [--workers 4] [--clients 16] [--seconds 20]
     [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench]
Without --database-url a throw-away SQLite file is used. Prints completed surveys per second,
HTTP requests per second and checks that the database holds exactly the acknowledged responses.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.respondent_client import Respondent  # noqa: E402
from bench.serving import free_port, wait_until_answering  # noqa: E402

VENV_BIN = ROOT / ".venv" / "bin"


def prepare(env: dict) -> None:
    subprocess.run([str(VENV_BIN / "flask"), "--app", "surveyapp", "demo", "--codes", "4"],
                   env=env, check=True, capture_output=True, cwd=ROOT)


def start_gunicorn(env: dict, port: int, workers: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}",
         "--log-level", "warning", "surveyapp:create_app()"],
        env=env, cwd=ROOT,
    )
    # The window starts once every worker has loaded the app and answered (a bound port alone
    # under-reported the rate: workers take seconds to import).
    wait_until_answering(f"http://127.0.0.1:{port}/s/trygghet-2026", 4 * workers, process)
    return process


def count_responses(env: dict) -> int:
    code = (
        "from surveyapp import create_app; from surveyapp.db import db;"
        "from surveyapp.surveys.models import Response; import sqlalchemy as sa;"
        "app = create_app();\nwith app.app_context(): "
        "print(db.session.scalar(sa.select(sa.func.count()).select_from(Response)))"
    )
    out = subprocess.run([str(VENV_BIN / "python"), "-c", code], env=env, check=True,
                         capture_output=True, text=True, cwd=ROOT)
    return int(out.stdout.strip().splitlines()[-1])


def run(base_url: str, clients: int, seconds: float) -> dict:
    done, failed, requests = [0], [0], [0]
    lock = threading.Lock()
    stop = time.time() + seconds

    def resident() -> None:
        while time.time() < stop:
            respondent = Respondent(base_url)
            ok = respondent.answer("trygghet-2026")
            with lock:
                requests[0] += respondent.requests
                (done if ok else failed)[0] += 1

    started = time.time()
    threads = [threading.Thread(target=resident) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.time() - started
    return {"completed": done[0], "failed": failed[0], "requests": requests[0],
            "elapsed": elapsed}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    folder = tempfile.mkdtemp()
    # RATELIMIT_ENABLED=0: every simulated resident comes from 127.0.0.1.
    env = dict(os.environ, SECRET_KEY="bench", SESSION_COOKIE_SECURE="0", RATELIMIT_ENABLED="0",
               DATABASE_URL=args.database_url or f"sqlite:///{folder}/bench.db")
    prepare(env)
    port = free_port()
    server = start_gunicorn(env, port, args.workers)
    try:
        result = run(f"http://127.0.0.1:{port}", args.clients, args.seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)
    stored = count_responses(env)
    backend = env["DATABASE_URL"].split(":", 1)[0]
    print(f"backend={backend} workers={args.workers} clients={args.clients} "
          f"seconds={result['elapsed']:.1f}")
    rate = result["completed"] / result["elapsed"]
    print(f"completed surveys: {result['completed']} ({rate:.1f}/s)"
          f", failed: {result['failed']}, HTTP requests: {result['requests']} "
          f"({result['requests'] / result['elapsed']:.0f}/s)")
    print(f"responses in database: {stored} (acknowledged {result['completed']})")
    return 0 if stored == result["completed"] and result["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
