"""Results exports in the background: the tables workbook (``tables.xlsx``) of a large campaign
takes tens of seconds, longer than a proxy waits, so the analyst asks for it, watches its steps
(reading and weighting the answers, one step per weighted table, writing the workbook) and
fetches the file when it is done.

The job runs in a thread of the process that queued it, or on the RQ queue every app host
shares when ``JOB_QUEUE_URL`` is set (:mod:`surveyapp.jobs`), started after the queuing request
has committed (as imports do). The analyst may cancel it between two steps. Each step commits
its progress, so the first one is visible within a second of the start. A failure stores the
reason and no file.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, g
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import update
from threadpoolctl import threadpool_limits

from surveyapp import jobs
from surveyapp.auth.models import utcnow
from surveyapp.db import db, rowcount
from surveyapp.results import exports
from surveyapp.results.export_job_model import ExportJob, ExportStatus
from surveyapp.results.lagesbild import describe_method, invitation_counts
from surveyapp.results.services import campaign_measures, load_wave, min_n, tables_for
from surveyapp.results.weighting import WeightingProblem
from surveyapp.surveys.models import Campaign

log = logging.getLogger(__name__)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def tables_workbook(campaign: Campaign, language: str,
                    progress: Callable[[int, int], None] | None = None) -> bytes:
    """The campaign's data and weighted tables as XLSX (the export ``tables.xlsx``);
    ``progress(done, steps)`` is called after reading and weighting and after each table.
    Raises :class:`~surveyapp.results.weighting.WeightingProblem` when it cannot weight."""
    model = campaign.questionnaire.model()
    chosen = campaign_measures(campaign, language)
    steps = len(chosen) + 2
    report = progress or (lambda done, total: None)
    wave = load_wave(campaign)
    report(1, steps)
    tables = tables_for(wave, chosen, compare=False, done=lambda k: report(1 + k, steps))
    body = exports.xlsx_bytes(exports.microdata(wave, model), tables, model,
                              describe_method(wave, *invitation_counts(campaign), min_n()))
    report(steps, steps)
    return body


class ExportCancelled(Exception):
    """The analyst cancelled the job while it ran."""


def _move(job_id: int, while_in: tuple[ExportStatus, ...], **values: Any) -> bool:
    """Change job ``job_id`` in one statement if its status is still one of ``while_in``
    (so a cancel between two steps is never overwritten); whether it changed. Not committed."""
    result = db.session.execute(
        update(ExportJob).where(ExportJob.id == job_id, ExportJob.status.in_(while_in))
        .values(updated_at=utcnow(), **values))
    return rowcount(result) == 1


def _advance(job_id: int, **values: Any) -> None:
    """Commit progress (or the finished file) of a job still running; raise
    :class:`ExportCancelled` when it is not (background thread only)."""
    moved = _move(job_id, (ExportStatus.RUNNING,), **values)
    db.session.commit()
    if not moved:
        raise ExportCancelled


def cancel(job: ExportJob) -> bool:
    """Cancel a queued or running job (its thread stops at its next step and keeps no file);
    False when it had already ended."""
    moved = _move(job.id, (ExportStatus.QUEUED, ExportStatus.RUNNING),
                  status=ExportStatus.CANCELLED)
    db.session.refresh(job)
    return moved


def run_job(app: Flask, job_id: int) -> None:
    """Make job ``job_id``'s file (in the calling thread), committing each step."""
    with app.app_context():
        job = db.session.get(ExportJob, job_id)
        if job is None:
            return
        language, campaign_id = job.language, job.campaign_id
        try:
            with force_locale(language), threadpool_limits(limits=1, user_api="blas"):
                started = _move(job_id, (ExportStatus.QUEUED,), status=ExportStatus.RUNNING)
                db.session.commit()
                if not started:
                    return  # cancelled before it started
                campaign = db.session.get(Campaign, campaign_id)
                assert campaign is not None
                body = tables_workbook(campaign, language, lambda done, steps: _advance(
                    job_id, step=done, steps=steps))
            _advance(job_id, status=ExportStatus.DONE, data=body)
        except ExportCancelled:
            db.session.rollback()
            log.info("export %s cancelled", job_id)
        except Exception as error:
            db.session.rollback()
            log.exception("export %s failed", job_id)
            with force_locale(language):
                message = str(error) if isinstance(error, WeightingProblem) else _(
                    "The export failed (%(error)s). Try again; if it fails again, tell the "
                    "administrator.", error=type(error).__name__)
            _move(job_id, (ExportStatus.RUNNING,), status=ExportStatus.FAILED, message=message)
            db.session.commit()
        finally:
            db.session.remove()


def run_export(job_id: int) -> None:
    """The background job (a thread of the app, or an RQ worker: :mod:`surveyapp.jobs`)."""
    run_job(current_app._get_current_object(), job_id)  # type: ignore[attr-defined]


def run_in_background(app: Flask, job_id: int) -> threading.Thread | None:
    """Start making job ``job_id`` (already committed as queued): its thread, returned, or
    its place on the shared queue (None)."""
    with app.app_context():
        return jobs.start(run_export, job_id)


def start_after_commit(job_id: int) -> None:
    """Ask for the background run of ``job_id`` once this request has committed."""
    g.export_job_id = job_id


def register(bp: Any) -> None:
    """Start a queued export's thread after the request that queued it has committed."""

    @bp.teardown_request
    def _start_export(error: BaseException | None) -> None:
        job_id = g.pop("export_job_id", None)
        if job_id is None or error is not None:
            return
        run_in_background(current_app._get_current_object(),  # type: ignore[attr-defined]
                          job_id)
