"""``flask survey flush-pending``: run the batch step by hand or from cron."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import AppGroup
from sqlalchemy import select

from surveyapp.db import db
from surveyapp.surveys.batches import (
    batch_size,
    checkpoint,
    close_campaign,
    closed_campaigns,
    pending_count,
    write_batch,
)
from surveyapp.surveys.models import Campaign, PendingAnswer

survey_cli = AppGroup("survey", help="Survey campaigns: the anonymity batch step.")


@survey_cli.command("flush-pending")
@click.option("--campaign", "slug", help="The campaign's slug.")
@click.option("--all", "every", is_flag=True, help="Every campaign with pending answers.")
@click.option("--force", is_flag=True,
              help="Write them even if fewer than ANONYMITY_BATCH_SIZE wait (weakens anonymity "
                   "while the campaign is open: use at close or before rotating SECRET_KEY).")
def flush_pending_command(slug: str | None, every: bool, force: bool) -> None:
    """Write pending answers as responses in shuffled batches of at least k."""
    if bool(slug) == every:
        raise click.UsageError("give --campaign SLUG or --all")
    if every:
        ids = select(PendingAnswer.campaign_id).distinct()
        campaigns = list(db.session.scalars(select(Campaign).where(Campaign.id.in_(ids))))
    else:
        campaign = db.session.scalar(select(Campaign).where(Campaign.slug == slug))
        if campaign is None:
            raise click.UsageError(f"no campaign {slug!r}")
        campaigns = [campaign]
    today = date.today()
    for campaign in campaigns:
        written = write_batch(campaign, today, batch_size(), force=force)
        db.session.commit()
        left = pending_count(campaign.id)
        click.echo(f"{campaign.slug}: {written} written, {left} pending")
    checkpoint()


def close_finished_campaigns(today: date) -> dict[str, int]:
    """For the nightly purge: every campaign residents can no longer answer gets whatever is
    still pending written and its tombstones deleted. Flushes only; returns responses written
    per slug."""
    return {campaign.slug: close_campaign(campaign, today) for campaign in closed_campaigns(today)}
