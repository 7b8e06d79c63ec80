"""Numbers of observations, counted from 1 within each walk.

Every new :class:`~surveyapp.walks.models.Observation` without a number gets one just before it
is written (a ``before_flush`` listener, so the service, the demo and imports all number the
same way). The number comes from the walk's ``observation_count``, raised by one atomic
``UPDATE walk SET observation_count = observation_count + 1 ... RETURNING`` in the request's
transaction (:func:`surveyapp.counters.increment`), never from ``MAX(number) + 1``: PostgreSQL
holds the walk's row lock and SQLite its write lock until the commit, so two participants
saving at the same moment get consecutive numbers, never the same one. The unique constraint on
``(walk_id, number)`` backs this up. A walk created in the same flush counts in memory.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from surveyapp.counters import increment
from surveyapp.walks.models import Observation, Walk


def next_number(session: Session, walk: Walk) -> int:
    """Claim the walk's next observation number (one atomic statement for a stored walk)."""
    if walk.id is None or inspect(walk).pending:
        walk.observation_count = (walk.observation_count or 0) + 1
        return walk.observation_count
    with session.no_autoflush:
        number = increment(Walk.observation_count, {"id": walk.id})
    if number is None:
        raise LookupError(f"walk {walk.id} is gone")
    return number


@event.listens_for(Session, "before_flush")
def _number_new_observations(session: Session, _context: Any, _instances: Any) -> None:
    """Give each new observation without a number its walk's next one, in the order added."""
    new = [item for item in session.new if isinstance(item, Observation) and item.number is None]
    for observation in sorted(new, key=lambda item: inspect(item).insert_order or 0):
        walk = observation.walk
        if walk is None:
            with session.no_autoflush:
                walk = session.get(Walk, observation.walk_id)
        if walk is None:
            raise LookupError(f"walk {observation.walk_id} is gone")
        observation.number = next_number(session, walk)
