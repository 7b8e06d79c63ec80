"""The tables workbook made in the background: queued by a POST (CSRF), progress committed step
by step, the same workbook as the direct download, fetched once by the analyst who asked for it
only; a failure stores its reason and no file."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from surveyapp.db import db
from surveyapp.demo import load_demo
from surveyapp.results import export_jobs
from surveyapp.results.demo import load_demo_responses
from surveyapp.results.export_job_model import ExportJob, ExportStatus
from tests.conftest import csrf_token

SLUG = f"trygghet-{date.today().year}"


@pytest.fixture
def threads(monkeypatch):
    """The export threads started, recorded so that a test can wait for them."""
    started = []
    real = export_jobs.run_in_background

    def recording(app, job_id):
        started.append(real(app, job_id))
        assert started[-1] is not None, "a thread (no JOB_QUEUE_URL in the tests' app)"
        return started[-1]

    monkeypatch.setattr(export_jobs, "run_in_background", recording)
    return started


@pytest.fixture
def demo_wave(app):
    """The demo campaign with answers and its population (so that it is raked)."""
    from surveyapp.geo.population import import_population
    from surveyapp.results.demo import population_csv
    from surveyapp.surveys.models import Campaign

    with app.app_context():
        load_demo(date.today(), codes=4)
        load_demo_responses(date.today(), per_area=30)
        campaign = db.session.scalar(select(Campaign).where(Campaign.slug == SLUG))
        codes = [area.code for area in campaign.areas]
        import_population(population_csv(codes, date.today().year).encode())
        db.session.commit()


def _queue(client):
    token = csrf_token(client, f"/staff/results/{SLUG}/")
    return client.post(f"/staff/results/{SLUG}/export/tables.xlsx/job",
                       data={"csrf_token": token})


def _job(app) -> ExportJob:
    with app.app_context():
        return db.session.scalars(select(ExportJob).order_by(ExportJob.id.desc())).first()


def _sheets(body: bytes) -> dict[str, list[tuple]]:
    book = load_workbook(io.BytesIO(body), read_only=True)
    return {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}


@pytest.mark.commits
def test_background_export_equals_the_direct_download_and_is_fetched_once(
        app, client, log_in, threads, demo_wave):
    log_in(client, ["analyst"], "analyst@example.se")
    assert client.post(f"/staff/results/{SLUG}/export/tables.xlsx/job").status_code == 400
    queued = _queue(client)
    assert queued.status_code == 303
    for thread in threads:
        thread.join(120)
    assert len(threads) == 1
    job = _job(app)
    assert job.status == ExportStatus.DONE and job.step == job.steps > 2
    page = client.get(queued.headers["Location"]).get_data(as_text=True)
    assert 'http-equiv="refresh"' not in page and f"/staff/results/exports/{job.id}/file" in page
    direct = client.get(f"/staff/results/{SLUG}/export/tables.xlsx").data
    # another analyst does not see the job or its file
    other = app.test_client()
    log_in(other, ["analyst"], "other@example.se")
    assert other.get(f"/staff/results/exports/{job.id}").status_code == 404
    assert other.get(f"/staff/results/exports/{job.id}/file").status_code == 404
    fetched = client.get(f"/staff/results/exports/{job.id}/file")
    assert fetched.status_code == 200
    assert _sheets(fetched.data) == _sheets(direct)
    assert client.get(f"/staff/results/exports/{job.id}/file").status_code == 404  # deleted
    assert _job(app).data is None


@pytest.mark.commits
def test_progress_is_committed_while_running_and_a_failure_keeps_no_file(
        app, client, log_in, threads, monkeypatch, demo_wave):
    log_in(client, ["analyst"], "analyst@example.se")
    seen = []
    real_advance = export_jobs._advance

    def watching(job_id, **values):
        real_advance(job_id, **values)
        # what another connection sees now (the page of a second request)
        with app.app_context():
            row = db.session.get(ExportJob, job_id)
            seen.append((row.status, row.step))

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(export_jobs, "_advance", watching)
    monkeypatch.setattr(export_jobs.exports, "xlsx_bytes", broken)
    _queue(client)
    for thread in threads:
        thread.join(120)
    job = _job(app)
    assert job.status == ExportStatus.FAILED and job.data is None
    assert "RuntimeError" in job.message
    assert seen[0] == (ExportStatus.RUNNING, 1)  # the answers read and weighted
    steps = [step for status, step in seen if status == ExportStatus.RUNNING]
    assert steps == sorted(steps) and steps[-1] == job.steps - 1  # every table, then failed
    page = client.get(f"/staff/results/exports/{job.id}").get_data(as_text=True)
    assert "RuntimeError" in page and 'http-equiv="refresh"' not in page


@pytest.mark.commits
def test_a_job_cancelled_before_it_starts_never_runs(app, client, log_in, monkeypatch,
                                                     demo_wave):
    log_in(client, ["analyst"], "analyst@example.se")
    monkeypatch.setattr(export_jobs, "run_in_background", lambda app, job_id: None)
    _queue(client)
    job = _job(app)
    other = app.test_client()
    log_in(other, ["analyst"], "other@example.se")
    cancel_url = f"/staff/results/exports/{job.id}/cancel"
    page = client.get(f"/staff/results/exports/{job.id}").get_data(as_text=True)
    assert cancel_url in page
    assert other.post(cancel_url, data={"csrf_token": csrf_token(other, "/staff/password")}
                      ).status_code == 404
    assert client.post(cancel_url).status_code == 400, "no CSRF token"
    token = csrf_token(client, f"/staff/results/exports/{job.id}")
    assert client.post(cancel_url, data={"csrf_token": token}).status_code == 303
    assert _job(app).status == ExportStatus.CANCELLED
    export_jobs.run_job(app, job.id)  # the thread, had it started late
    job = _job(app)
    assert (job.status, job.step, job.data) == (ExportStatus.CANCELLED, 0, None)
    page = client.get(f"/staff/results/exports/{job.id}").get_data(as_text=True)
    assert "Exporten avbröts." in page and cancel_url not in page


@pytest.mark.commits
def test_a_job_cancelled_while_running_stops_and_keeps_no_file(app, client, log_in, threads,
                                                               monkeypatch, demo_wave):
    log_in(client, ["analyst"], "analyst@example.se")
    real_tables = export_jobs.tables_for

    def cancelled_meanwhile(*args, **kwargs):
        with app.app_context():  # the analyst presses "Cancel" while the tables are made
            job = db.session.scalars(select(ExportJob)).one()
            assert export_jobs.cancel(job)
            db.session.commit()
        return real_tables(*args, **kwargs)

    written = []
    monkeypatch.setattr(export_jobs, "tables_for", cancelled_meanwhile)
    monkeypatch.setattr(export_jobs.exports, "xlsx_bytes", lambda *a: written.append(1))
    _queue(client)
    for thread in threads:
        thread.join(120)
    job = _job(app)
    assert (job.status, job.data) == (ExportStatus.CANCELLED, None)
    assert job.step == 1 and written == [], "stopped at the first table, nothing written"


def test_old_jobs_and_files_never_fetched_are_purged(app):
    from datetime import timedelta

    from surveyapp.auth.models import User, utcnow
    from surveyapp.retention import purge
    from surveyapp.surveys.models import Campaign

    with app.app_context():
        load_demo(date.today(), codes=1)
        campaign = db.session.scalar(select(Campaign).where(Campaign.slug == SLUG))
        user = User(email="a@example.se", roles=["analyst"])
        user.set_password("a long enough password")
        db.session.add(user)
        db.session.flush()
        for age in (3, 1):
            db.session.add(ExportJob(campaign_id=campaign.id, kind="tables.xlsx", language="sv",
                                     created_by=user.id, status=ExportStatus.DONE, data=b"x",
                                     created_at=utcnow() - timedelta(days=age)))
        db.session.flush()
        assert purge()["export_job"] == 1
        assert [j.created_at.date() for j in db.session.scalars(select(ExportJob))] == [
            (utcnow() - timedelta(days=1)).date()]


@pytest.mark.commits
def test_with_a_shared_queue_a_worker_makes_the_file(app, client, log_in, monkeypatch,
                                                     demo_wave):
    """JOB_QUEUE_URL set: the request only puts the job on Redis; a worker (any host) runs it."""
    import os
    import uuid
    from types import SimpleNamespace

    from redis import Redis
    from redis.exceptions import ConnectionError as RedisDown

    from surveyapp import jobs

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        Redis.from_url(url, socket_connect_timeout=1).ping()
    except RedisDown:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but no Redis at {url}")
        pytest.skip(f"no Redis at {url} (set TEST_REDIS_URL)")
    monkeypatch.setitem(app.config, "JOB_QUEUE_URL", url)
    monkeypatch.setitem(app.config, "JOB_QUEUE_NAME", f"test-{uuid.uuid4().hex}")
    started = []
    monkeypatch.setattr(jobs, "threading", SimpleNamespace(  # no thread may start
        Thread=lambda *a, **k: started.append(1)))
    log_in(client, ["analyst"], "analyst@example.se")
    _queue(client)
    job = _job(app)
    assert job.status == ExportStatus.QUEUED and started == []
    with app.app_context():
        assert len(jobs._queue(app)) == 1
    jobs.work(app, burst=True)
    job = _job(app)
    assert job.status == ExportStatus.DONE and job.step == job.steps
    direct = client.get(f"/staff/results/{SLUG}/export/tables.xlsx").data
    assert _sheets(client.get(f"/staff/results/exports/{job.id}/file").data) == _sheets(direct)
    with app.app_context():
        assert len(jobs._queue(app)) == 0
        jobs._queue(app).delete(delete_jobs=True)
