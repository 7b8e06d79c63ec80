"""Peak memory of the analysts' two heaviest requests: the full lägesbild report (two waves)
and the tables workbook (``tables.xlsx``, every weighted table), at ``--responses`` per wave.

Seeds the database of ``report_bench.py`` (50 areas, two waves), then runs each request in a
child process forked after the setup, so one request's peak is not hidden by the setup's or by
the other request's. Two figures per request:

- the peak of Python and numpy allocations during the request (``tracemalloc``; numpy reports
  its buffers to it), the memory the request itself needs;
- the child's peak resident set size (``ru_maxrss``) minus its resident size when it started,
  what the operating system had to find for the request (freed memory that the allocator
  keeps counts here, so it is at least the first figure in practice).

The idle app process (after the setup, before any request) is printed as the baseline.
Usage: ``.venv/bin/python -m bench.results.peak_memory [--responses 100000]``
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import tempfile
import time
import tracemalloc
from datetime import date

from bench.results.report_bench import _setup
from surveyapp import create_app

MIB = 1024 * 1024


def _resident_kib() -> int:
    """The current resident set size (KiB) from /proc."""
    with open("/proc/self/status", encoding="ascii") as status:
        line = next(line for line in status if line.startswith("VmRSS:"))
    return int(line.split()[1])


def _measure(app, path: str, traced: bool, out) -> None:
    """In the child: GET ``path`` as the analyst; send back seconds and the two peaks."""
    client = app.test_client()
    client.post("/login", data={"email": "bench@example.se", "password": "bench password long"})
    start_rss = _resident_kib()
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    response = client.get(path)
    seconds = time.perf_counter() - started
    traced_peak = tracemalloc.get_traced_memory()[1] if traced else 0
    assert response.status_code == 200, response.status_code
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    out.send((seconds, traced_peak / MIB, (peak_rss - start_rss) / 1024, start_rss / 1024))


def _in_child(app, path: str, traced: bool) -> tuple[float, float, float, float]:
    receiving, sending = multiprocessing.Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(target=_measure,
                                                        args=(app, path, traced, sending))
    child.start()
    result = receiving.recv()
    child.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--areas", type=int, default=50)
    args = parser.parse_args()
    url = f"sqlite:///{tempfile.mkdtemp(prefix='peak-memory-')}/bench.db"
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url,
                      "SESSION_COOKIE_SECURE": False, "WTF_CSRF_ENABLED": False})
    _setup(app, args.responses, args.areas)
    with app.app_context():
        from surveyapp.db import db

        db.engine.dispose()  # each child opens its own connections
    slug = f"bench-{date.today().year}"
    print(f"{args.responses} responses per wave, {args.areas} areas")
    print("| request | seconds (untraced) | peak allocated (tracemalloc) | peak RSS growth "
          "| RSS at start |")
    print("|---|---|---|---|---|")
    for name, path in (("lägesbild report (2 waves)", f"/staff/results/{slug}/report"),
                       ("tables.xlsx", f"/staff/results/{slug}/export/tables.xlsx")):
        seconds, _, rss_growth, start = _in_child(app, path, traced=False)
        _, traced, _, _ = _in_child(app, path, traced=True)
        print(f"| {name} | {seconds:.2f} s | {traced:.0f} MiB | {rss_growth:.0f} MiB "
              f"| {start:.0f} MiB |", flush=True)


if __name__ == "__main__":
    main()
