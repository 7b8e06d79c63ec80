"""Where background jobs run: a thread of the app process by default (the embedded demo and
one-host installations need nothing more), or an RQ queue on Redis when ``JOB_QUEUE_URL`` is
set, so that several app hosts share one queue and ``flask jobs worker`` processes (on any
host) run the jobs.

A job is a module-level function taking plain arguments (``surveyapp.results.export_jobs.
run_export`` takes the job id); it runs inside an application context and keeps its own
state in the database, so either runner gives the same result and the progress page reads it
the same way.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import AppGroup

JOB_TIMEOUT = 3600
"""Seconds a queued job may run before the worker stops it."""


def _queue(app: Flask) -> Any:
    from redis import Redis
    from rq import Queue

    connection = Redis.from_url(app.config["JOB_QUEUE_URL"])
    return Queue(app.config["JOB_QUEUE_NAME"], connection=connection)


def start(job: Callable[..., None], *args: Any) -> threading.Thread | None:
    """Run ``job(*args)`` in the background: on the RQ queue when one is configured (returns
    None), else in a thread of this process with an application context (returns it)."""
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    if app.config.get("JOB_QUEUE_URL"):
        _queue(app).enqueue(job, *args, job_timeout=JOB_TIMEOUT)
        return None

    def in_context() -> None:
        with app.app_context():
            job(*args)

    thread = threading.Thread(target=in_context, name=f"job-{job.__name__}", daemon=True)
    thread.start()
    return thread


def work(app: Flask, burst: bool = False) -> None:
    """Run queued jobs in this process (``burst``: until the queue is empty), each inside the
    application context; SimpleWorker, so a job shares the process's database pool rather
    than a forked copy of it."""
    from rq import SimpleWorker

    queue = _queue(app)
    with app.app_context():
        SimpleWorker([queue], connection=queue.connection).work(burst=burst)


jobs_cli = AppGroup("jobs", help="Background jobs on the RQ queue (JOB_QUEUE_URL).")


@jobs_cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def worker_command(burst: bool) -> None:
    """Work the queue named by JOB_QUEUE_URL/JOB_QUEUE_NAME (run one or more per host)."""
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    if not app.config.get("JOB_QUEUE_URL"):
        raise click.ClickException("JOB_QUEUE_URL is not set: jobs run inside the app.")
    work(app, burst=burst)
