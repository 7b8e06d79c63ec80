"""The audit log of staff actions. Other features call ``record`` for what must be traceable.

Actions are short English verbs (``login``, ``export``, ``approve``, ``letters_printed``); the
object says what was acted on (``campaign trygg-2026``). No resident data goes in here.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from surveyapp.auth.models import AuditEvent, User
from surveyapp.db import db


def record(user: Any, action: str, object: str = "") -> AuditEvent:  # noqa: A002
    """Add an audit event for ``user`` (a ``User`` or ``current_user``); it is committed with
    the request, so an action that raises (and so rolls back) leaves no event either."""
    user_id = getattr(user, "id", None) if getattr(user, "is_authenticated", False) else None
    email = getattr(user, "email", "") if user_id is not None else ""
    event = AuditEvent(user_id=user_id, email=email, action=action[:64], object=object[:300])
    db.session.add(event)
    db.session.flush()
    return event


def recent_events(limit: int = 500, action: str | None = None) -> list[AuditEvent]:
    """The newest events first, optionally only one kind of action."""
    query = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)
    if action:
        query = query.where(AuditEvent.action == action)
    return list(db.session.scalars(query))


def actions() -> list[str]:
    """The kinds of action present in the log (for the filter)."""
    query = select(AuditEvent.action).distinct().order_by(AuditEvent.action)
    return list(db.session.scalars(query))


__all__ = ["AuditEvent", "User", "actions", "recent_events", "record"]
