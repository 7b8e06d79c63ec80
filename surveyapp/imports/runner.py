"""Running an import: check every row, then write every response in one transaction.

Small files are imported within the request (the request boundary commits). Larger ones
(more than ``IMPORT_BACKGROUND_ROWS`` rows, default 2000) run in a background thread started
once the request that queued them has committed: it commits the progress of the check every
few thousand rows (the status page shows the percentage) and then writes all responses and the
job's final status in one transaction of its own. A failure in the thread rolls that
transaction back and marks the job failed with a message, so nothing is half-written.

Responses are written with Core ``INSERT`` (executemany) with random ids, as the batch step
writes residents' answers (``surveyapp.surveys.batches``), ``channel = import``, the import's
date and no link to anything else (there is no code or invitation behind an imported row).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import date
from typing import Any

from flask import Blueprint, Flask, current_app, g
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import insert, update

from surveyapp.auth.models import utcnow
from surveyapp.db import db
from surveyapp.imports.models import ImportJob, ImportStatus
from surveyapp.imports.reader import FileProblem, read_table
from surveyapp.imports.validate import check_rows
from surveyapp.surveys.models import (
    Campaign,
    Channel,
    Response,
    ResponseStatus,
    new_response_id,
)

log = logging.getLogger(__name__)
DEFAULT_BACKGROUND_ROWS = 2000
INSERT_CHUNK = 5000
MAX_PROBLEMS_KEPT = 100_000


def in_background(job: ImportJob) -> bool:
    """Whether ``job`` is large enough to run in a background thread."""
    limit = current_app.config.get("IMPORT_BACKGROUND_ROWS", DEFAULT_BACKGROUND_ROWS)
    return job.row_count > int(limit)


def check_job(job: ImportJob, progress: Callable[[int], None] | None = None
              ) -> list[dict[str, Any]] | None:
    """Check the job's file; on problems mark it failed (flush only) and return ``None``."""
    campaign = db.session.get(Campaign, job.campaign_id)
    assert campaign is not None and job.data is not None
    try:
        table = read_table(job.data, job.kind)
    except FileProblem as problem:
        _fail(job, str(problem))
        return None
    checked = check_rows(campaign.questionnaire.model(), table, job.mapping, job.value_map,
                         job.weight_column, [a.code for a in campaign.areas], progress)
    job.checked_rows = table.row_count
    if checked.problems:
        # every problem up to a bound; more than that is a wrong mapping, not a few bad rows
        job.problems = [list(p) for p in checked.problems[:MAX_PROBLEMS_KEPT]]
        _fail(job, _("%(n)s problems found; nothing was imported.", n=len(checked.problems)))
        return None
    return checked.rows


def write_rows(job: ImportJob, rows: list[dict[str, Any]], today: date) -> int:
    """Insert ``rows`` as responses of the job's campaign and mark the job done (flush only)."""
    ids: set[int] = set()
    while len(ids) < len(rows):
        ids.add(new_response_id())
    campaign = db.session.get(Campaign, job.campaign_id)
    assert campaign is not None
    # the respondents' language is not known: the questionnaire's source language
    common = {"campaign_id": job.campaign_id, "channel": Channel.IMPORT.value,
              "language": campaign.questionnaire.languages[0],
              "status": ResponseStatus.COMPLETE.value, "submitted_on": today}
    values = [{"id": response_id, **common, **row}
              for response_id, row in zip(ids, rows, strict=True)]
    # in id order: SQLite stores rows by id (the rowid), so this fills its pages in order
    # instead of at random; the ids are random, so the order tells nothing
    values.sort(key=lambda value: value["id"])
    for start in range(0, len(values), INSERT_CHUNK):
        db.session.execute(insert(Response.__table__), values[start:start + INSERT_CHUNK])
    job.status, job.imported, job.data = ImportStatus.DONE, len(values), None
    job.problems, job.message, job.updated_at = [], None, utcnow()
    db.session.flush()
    return len(values)


def run_now(job: ImportJob, today: date) -> None:
    """Check and write within the current transaction (the caller commits)."""
    rows = check_job(job)
    if rows is not None:
        write_rows(job, rows, today)


def _fail(job: ImportJob, message: str) -> None:
    job.status, job.message, job.updated_at = ImportStatus.FAILED, message, utcnow()
    db.session.flush()


def _set(job_id: int, **values: Any) -> None:
    """Commit a change of the job's progress or status (background thread only)."""
    db.session.execute(update(ImportJob).where(ImportJob.id == job_id)
                       .values(updated_at=utcnow(), **values))
    db.session.commit()


def run_in_background(app: Flask, job_id: int, today: date) -> threading.Thread:
    """Start the thread that imports job ``job_id`` (already committed as queued)."""
    thread = threading.Thread(target=_work, args=(app, job_id, today),
                              name=f"import-{job_id}", daemon=True)
    thread.start()
    return thread


def _work(app: Flask, job_id: int, today: date) -> None:
    with app.app_context():
        job = db.session.get(ImportJob, job_id)
        if job is None:
            return
        language = job.language
        try:
            with force_locale(language):
                _set(job_id, status=ImportStatus.CHECKING, checked_rows=0)
                job = db.session.get(ImportJob, job_id)
                assert job is not None
                rows = check_job(job, lambda done: _set(job_id, checked_rows=done))
                if rows is None:
                    db.session.commit()
                    return
                _set(job_id, status=ImportStatus.WRITING, checked_rows=job.row_count)
                job = db.session.get(ImportJob, job_id)
                assert job is not None
                write_rows(job, rows, today)
                db.session.commit()
        except Exception as error:
            db.session.rollback()
            log.exception("import %s failed; nothing of it was stored", job_id)
            with force_locale(language):
                message = _("The import failed and nothing was stored (%(error)s). Try "
                            "again; if it fails again, tell the administrator.",
                            error=type(error).__name__)
            _set(job_id, status=ImportStatus.FAILED, message=message)
        finally:
            db.session.remove()


def start_after_commit(job_id: int) -> None:
    """Ask for the background import of ``job_id`` once this request has committed."""
    g.import_job_id = job_id


def register(bp: Blueprint) -> None:
    """Start a queued import's thread after the request that queued it has committed (a
    teardown runs after the request boundary's commit, as the anonymity batch step does)."""

    @bp.teardown_request
    def _start_import(error: BaseException | None) -> None:
        job_id = g.pop("import_job_id", None)
        if job_id is None or error is not None:
            return
        run_in_background(current_app._get_current_object(),  # type: ignore[attr-defined]
                          job_id, date.today())
