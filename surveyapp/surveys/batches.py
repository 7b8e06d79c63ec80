"""The batch step: pending answers become responses in shuffled batches of at least k.

Why: the transaction that uses a code must not be the one that writes the response, or its
transaction id (PostgreSQL ``xmin``), row order or time would tie the two together. A batch
writes at least ``ANONYMITY_BATCH_SIZE`` responses (default 10) in one transaction, in random
order with random ids and the batch's date, and deletes their pending rows in that same
transaction, so an answer is written exactly once and never lost. What remains when a campaign
has closed (fewer than k) is written by ``flush_pending(..., force=True)``.

Runs: after every sealed submit, once the request has committed (``register``); from
``flask survey flush-pending``; and from the nightly ``flask privacy purge`` for closed
campaigns, which also deletes their tombstones.
"""

from __future__ import annotations

import logging
import secrets
from datetime import date

from flask import Blueprint, current_app, g
from sqlalchemy import delete, func, select, text

from surveyapp.db import db
from surveyapp.surveys.models import (
    Campaign,
    CampaignStatus,
    PendingAnswer,
    Response,
    SubmittedKey,
)
from surveyapp.surveys.sealing import unseal

log = logging.getLogger(__name__)
DEFAULT_BATCH_SIZE = 10


class BatchRaced(Exception):
    """A concurrent batch step claimed the pending answers first; roll back and let it be."""


def batch_size() -> int:
    """k: the smallest number of responses one batch writes (at least 1)."""
    return max(1, int(current_app.config.get("ANONYMITY_BATCH_SIZE", DEFAULT_BATCH_SIZE)))


def pending_count(campaign_id: int | None = None) -> int:
    """How many sealed answers wait for their batch (for counts on staff pages only)."""
    query = select(func.count()).select_from(PendingAnswer)
    if campaign_id is not None:
        query = query.where(PendingAnswer.campaign_id == campaign_id)
    return db.session.scalar(query) or 0


def write_batch(campaign: Campaign, today: date, minimum: int, force: bool = False) -> int:
    """Move every pending answer of ``campaign`` into ``response`` if there are at least
    ``minimum`` of them (or any, with ``force``); returns how many were written. Flushes only.

    The pending rows are claimed with ``DELETE … RETURNING``, so two batch steps running at
    once never write the same answer twice: on PostgreSQL the second waits for the first and
    then finds the rows gone; on SQLite writers are serialised. If a concurrent step left
    fewer than ``minimum`` rows, ``BatchRaced`` asks the caller to roll back.
    """
    waiting = pending_count(campaign.id)
    if waiting == 0 or (waiting < minimum and not force):
        return 0
    claimed = db.session.execute(
        delete(PendingAnswer).where(PendingAnswer.campaign_id == campaign.id)
        .returning(PendingAnswer.sealed)
    ).scalars().all()
    if not claimed:
        return 0
    if len(claimed) < minimum and not force:
        raise BatchRaced(campaign.slug)
    rows = [unseal(blob) for blob in claimed]
    secrets.SystemRandom().shuffle(rows)
    for row in rows:
        db.session.add(Response(
            campaign_id=campaign.id, channel=row["channel"], language=row["language"],
            area_code=row.get("area_code"), sex=row.get("sex"), age_group=row.get("age_group"),
            answers=row["answers"], submitted_on=today,
        ))
    db.session.flush()
    return len(rows)


def close_campaign(campaign: Campaign, today: date) -> int:
    """After the campaign's last day: write what is still pending and delete its tombstones
    (nobody can answer any more, so a repeated send needs no recognising). Flushes only."""
    written = write_batch(campaign, today, minimum=1, force=True)
    db.session.execute(delete(SubmittedKey).where(SubmittedKey.campaign_id == campaign.id))
    db.session.flush()
    return written


def closed_campaigns(today: date) -> list[Campaign]:
    """Campaigns residents can no longer answer (past their last day, closed early by staff or
    archived: :meth:`Campaign.status`) that still hold pending answers or tombstones."""
    holding = select(PendingAnswer.campaign_id).union(select(SubmittedKey.campaign_id))
    return [campaign for campaign in db.session.scalars(
                select(Campaign).where(Campaign.id.in_(holding)))
            if campaign.status(today) in (CampaignStatus.CLOSED, CampaignStatus.ARCHIVED)]


def run_batch_step(campaign_id: int, today: date, force: bool = False) -> int:
    """One batch step in its own transaction (commits or rolls back here, as the CLI and the
    after-request hook do); after a written batch SQLite overwrites what was deleted."""
    try:
        campaign = db.session.get(Campaign, campaign_id)
        written = write_batch(campaign, today, batch_size(), force) if campaign else 0
        db.session.commit()
    except BatchRaced:
        db.session.rollback()
        return 0
    except Exception:
        db.session.rollback()
        log.exception("batch step failed; the pending answers are kept for the next one")
        return 0
    if written:
        try:
            checkpoint(wait_ms=200)
        except Exception:
            log.exception("WAL checkpoint failed; the next batch step checkpoints again")
    return written


def checkpoint(wait_ms: int | None = None) -> None:
    """SQLite: copy the WAL into the database file and truncate it, so the frames holding a
    deleted draft or pending row (with ``secure_delete`` they are zeroed in the file) do not
    linger in the WAL.

    A truncating checkpoint waits for every reader; after a submit it waits at most
    ``wait_ms`` (a busy database is left for the next batch, the CLI or the nightly purge,
    which wait the full busy timeout), so residents are not held up.
    """
    if db.engine.dialect.name != "sqlite":
        return
    with db.engine.connect() as connection:
        usual = connection.execute(text("PRAGMA busy_timeout")).scalar_one()
        if wait_ms is not None:
            connection.execute(text(f"PRAGMA busy_timeout={int(wait_ms)}"))
        try:
            connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        finally:
            connection.execute(text(f"PRAGMA busy_timeout={int(usual)}"))


def mark_sealed(campaign_id: int) -> None:
    """Ask for a batch step once this request has committed its submit."""
    g.sealed_campaign_id = campaign_id


def register(bp: Blueprint) -> None:
    """Run the batch step after a request that sealed answers has committed.

    A teardown runs after the request boundary (``transactions.py``) has committed the view's
    work and before the session is removed; the batch is a separate transaction, so its
    ``xmin`` is not the code's.
    """

    @bp.teardown_request
    def _batch_after_submit(error: BaseException | None) -> None:
        campaign_id = g.pop("sealed_campaign_id", None)
        if campaign_id is None or error is not None:
            return
        run_batch_step(campaign_id, date.today())

