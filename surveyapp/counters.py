"""Counters that must count even when the page refuses: failed logins, rate limits, join attempts.

A refused request still returns a page, so the request boundary commits what these counted (see
:mod:`surveyapp.transactions`). What this module adds is that every count is **one atomic SQL
statement** in the request's transaction, never a read-modify-write: two simultaneous requests
cannot lose a count or both slip under a limit. Used by ``auth.services`` (failed logins),
``dialogue.ratelimit`` (posts per hour), ``walks.joining`` (wrong join codes) and
``rate_limits`` (per-address request limits).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Column, and_, func, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.orm.attributes import set_committed_value

from surveyapp.db import db

_EPOCH = datetime(2000, 1, 1)


def increment(
    counter: InstrumentedAttribute[int],
    key: Mapping[str, Any],
    *,
    create: bool = False,
    below: int | None = None,
) -> int | None:
    """Add one to ``counter`` in the row whose columns equal ``key``; returns the new count.

    ``create`` inserts the row (``key`` with a count of 1) when there is none; ``key`` must then
    hold the table's primary key (``INSERT ... ON CONFLICT DO UPDATE``). With ``below`` the
    count only goes up while it is below that limit. ``None`` when nothing was counted: the
    limit was reached, or (without ``create``) no row matched.
    """
    table = counter.property.columns[0].table
    column: Column[int] = table.c[counter.key]
    plus_one = func.coalesce(column, 0) + 1
    if create:
        statement = _dialect_insert(table).values({**key, column.name: 1})
        statement = statement.on_conflict_do_update(
            index_elements=list(table.primary_key.columns),
            set_={column.name: plus_one},
            where=column < below if below is not None else None,
        ).returning(column)
    else:
        matches = and_(*(table.c[name] == value for name, value in key.items()))
        if below is not None:
            matches = and_(matches, func.coalesce(column, 0) < below)
        statement = update(table).where(matches).values({column.name: plus_one}).returning(column)
    count = db.session.execute(statement).scalar_one_or_none()
    _refresh_loaded(counter, key, count)
    return count


def window_start(now: datetime, length: timedelta) -> datetime:
    """The start of the clock-aligned window of ``length`` that holds ``now`` (fixed windows
    for counters keyed by window)."""
    seconds = int(length.total_seconds())
    elapsed = int((now - _EPOCH).total_seconds())
    return _EPOCH + timedelta(seconds=elapsed - elapsed % seconds)


def _dialect_insert(table: Any) -> Any:
    """The backend's INSERT, which knows ``ON CONFLICT`` (SQLite and PostgreSQL both do)."""
    dialect = db.session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


def _refresh_loaded(counter: InstrumentedAttribute[int], key: Mapping[str, Any],
                    count: int | None) -> None:
    """Give an object of this row already in the session the counted value (no stale read)."""
    if count is None:
        return
    mapper = counter.parent
    identity = tuple(key.get(str(column.key)) for column in mapper.primary_key)
    if None in identity:
        return
    loaded = db.session.identity_map.get(mapper.identity_key_from_primary_key(identity))
    if loaded is not None:
        set_committed_value(loaded, counter.key, count)
