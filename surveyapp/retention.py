"""Data protection: retention periods, and finding, exporting and erasing free text residents
wrote about themselves (a request under GDPR art. 15 or 17).

Residents have no accounts, so the only personal data they can leave is what they type: a pin's
comment, a walk observation, a free-text survey answer. ``find_text`` searches those columns
for what the resident tells us they wrote (a name, a phone number, a phrase); ``erase_text``
blanks every match. Rules and columns name tables, not models, so this module does not depend
on the features that own them. A retention rule naming a missing table or column stops
``purge`` with an error (a period that silently stopped applying would keep data too long);
``find_text`` skips a text column whose table does not exist.

Run from cron, e.g. nightly: ``flask privacy purge``. Periods (days) are the
``RETENTION_*_DAYS`` settings (``surveyapp.config.Settings``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import AppGroup

from surveyapp.auth.models import utcnow
from surveyapp.db import db, rowcount
from surveyapp.pending_search import PENDING_TABLE, erase_pending, pending_matches
from surveyapp.text_search import contains, like_patterns


@dataclass(frozen=True)
class RetentionRule:
    """Delete rows of ``table`` whose ``column`` (a date or time) is older than the period."""

    table: str
    column: str
    config_key: str
    what: str


RULES = (
    RetentionRule("draft", "updated_on", "RETENTION_DRAFT_DAYS",
                  "unfinished survey answers not touched for this long"),
    RetentionRule("audit_event", "at", "RETENTION_AUDIT_DAYS", "audit log events"),
    RetentionRule("dialogue_rate", "window_start", "RETENTION_RATE_DAYS",
                  "hashed rate-limit counters (requests, logins, the map, walk codes)"),
    RetentionRule("observation_photo", "created_at", "RETENTION_PHOTO_DAYS",
                  "photos taken with walk observations"),
    RetentionRule("pin_photo", "created_at", "RETENTION_PHOTO_DAYS",
                  "photos residents added to pins"),
    RetentionRule("export_job", "created_at", "RETENTION_EXPORT_DAYS",
                  "background exports and their files not fetched"),
)

# Free text a resident may have typed: (table, column). JSON columns are searched as text.
TEXT_COLUMNS = (
    ("pin", "comment"),
    ("pin", "place_description"),
    ("observation", "description"),
    ("observation", "proposal"),
    ("observation", "place_description"),
)
JSON_TEXT_COLUMNS = (("response", "answers"), ("draft", "answers"))
# Rows erased with a matched text: a photo with an observation or a pin goes when its text does
# (the resident who wrote it asked; the picture may show them). (table, its link column).
ERASED_WITH = {"observation": ("observation_photo", "observation_id"),
               "pin": ("pin_photo", "pin_id")}


def _table(name: str) -> sa.Table | None:
    return db.metadata.tables.get(name)


def purge(now: datetime | None = None) -> dict[str, int]:
    """Delete everything older than its retention period; returns rows deleted per table."""
    now = now or utcnow()
    deleted: dict[str, int] = {}
    for rule in RULES:
        table = _table(rule.table)
        if table is None or rule.column not in table.c:
            raise LookupError(f"retention rule names {rule.table}.{rule.column}: no such column")
        days = int(current_app.config[rule.config_key])
        column = table.c[rule.column]
        cutoff: date | datetime = now - timedelta(days=days)
        if isinstance(column.type, sa.Date):
            cutoff = cutoff.date()  # type: ignore[union-attr]
        result = db.session.execute(sa.delete(table).where(column < cutoff))
        deleted[rule.table] = deleted.get(rule.table, 0) + rowcount(result)
    db.session.flush()
    return deleted


@dataclass(frozen=True)
class Match:
    """One stored text that contains the searched words (``row_id`` is a string for a sealed
    pending answer)."""

    table: str
    row_id: int | str
    column: str
    text: str


def find_text(needle: str) -> list[Match]:
    """Every resident free text containing ``needle`` (case-insensitive in every script, at
    least 3 characters), including sealed pending answers (decrypted here, never stored
    decrypted) and JSON stored with escaped non-ASCII (``surveyapp.text_search``)."""
    needle = needle.strip()
    if len(needle) < 3:
        raise ValueError("search for at least 3 characters")
    matches = []
    for table_name, column_name in TEXT_COLUMNS + JSON_TEXT_COLUMNS:
        table = _table(table_name)
        if table is None or column_name not in table.c:
            continue
        column = table.c[column_name]
        in_json = (table_name, column_name) in JSON_TEXT_COLUMNS
        as_text = sa.func.lower(sa.cast(column, sa.Text) if in_json else column)
        wanted = sa.or_(*(as_text.like(pattern, escape="\\")
                          for pattern in like_patterns(needle, in_json)))
        rows = db.session.execute(sa.select(table.c.id, column).where(wanted))
        for row_id, value in rows:
            for key, text in _texts(column_name, value):
                if contains(text, needle):
                    matches.append(Match(table_name, row_id, key, text))
    return matches + [Match(PENDING_TABLE, row_id, key, text)
                      for row_id, key, text in pending_matches(needle)]


def _texts(column_name: str, value: Any) -> list[tuple[str, str]]:
    if isinstance(value, str) and column_name != "answers":
        return [(column_name, value)]
    answers = json.loads(value) if isinstance(value, str) else (value or {})
    return [(f"answers.{key}", text) for key, text in answers.items() if isinstance(text, str)]


def erase_text(needle: str) -> int:
    """Blank every free text that contains ``needle``; returns how many texts were erased.

    A pin or observation keeps its place and category (which say nothing about a person); only
    the text goes, and the photos of that observation or pin with it. A survey answer, written
    or still sealed, loses that one free-text answer.
    """
    matches = find_text(needle)
    for match in matches:
        if match.table == PENDING_TABLE:
            erase_pending(str(match.row_id), match.column.removeprefix("answers."))
            continue
        table = _table(match.table)
        assert table is not None
        if match.column.startswith("answers."):
            key = match.column.removeprefix("answers.")
            current = db.session.execute(
                sa.select(table.c.answers).where(table.c.id == match.row_id)
            ).scalar_one()
            answers = json.loads(current) if isinstance(current, str) else dict(current)
            answers.pop(key, None)
            values: dict[str, Any] = {"answers": answers}
        else:
            values = {match.column: None if table.c[match.column].nullable else ""}
        db.session.execute(sa.update(table).where(table.c.id == match.row_id).values(**values))
        if match.table in ERASED_WITH:
            attached_name, link = ERASED_WITH[match.table]
            attached = _table(attached_name)
            if attached is not None:
                db.session.execute(sa.delete(attached).where(attached.c[link] == match.row_id))
    db.session.flush()
    return len(matches)


privacy_cli = AppGroup("privacy", help="Retention and residents' requests about their data.")


@privacy_cli.command("purge")
def purge_command() -> None:
    """Delete what is older than its retention period (run nightly); for campaigns that have
    closed, write their remaining pending answers and delete their tombstones."""
    from surveyapp.surveys.batches import checkpoint
    from surveyapp.surveys.cli import close_finished_campaigns

    deleted = purge()
    written = close_finished_campaigns(utcnow().date())
    db.session.commit()
    checkpoint()
    for table, count in deleted.items():
        click.echo(f"{table}: {count} deleted")
    for slug, count in written.items():
        click.echo(f"{slug}: closed, {count} pending answers written, tombstones deleted")


@privacy_cli.command("find")
@click.argument("text")
@click.option("--json", "as_json", is_flag=True, help="Print the matches as JSON (export).")
def find_command(text: str, as_json: bool) -> None:
    """Show (or export as JSON) every resident free text containing TEXT."""
    matches = find_text(text)
    if as_json:
        click.echo(json.dumps([m.__dict__ for m in matches], ensure_ascii=False, indent=2))
        return
    for match in matches:
        click.echo(f"{match.table} {match.row_id} {match.column}: {match.text}")
    click.echo(f"{len(matches)} found")


@privacy_cli.command("erase")
@click.argument("text")
@click.confirmation_option(prompt="Erase every resident text containing it?")
def erase_command(text: str) -> None:
    """Erase every resident free text containing TEXT (after `find` showed what goes)."""
    from surveyapp.auth.audit import record

    count = erase_text(text)
    record(None, "privacy_erase", f"{count} texts")
    db.session.commit()
    click.echo(f"{count} texts erased")
