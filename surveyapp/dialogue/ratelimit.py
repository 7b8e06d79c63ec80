"""Rate limits for public POSTs, kept in the database so every worker and host shares them.

A counter's key is a salted hash of the client address, the scope and the window start: it
cannot be turned back into an address and is useless after the window.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from surveyapp.db import db
from surveyapp.dialogue.models import RateCounter

WINDOW = timedelta(hours=1)


def _window_start(now: datetime) -> datetime:
    return now.replace(minute=0, second=0, microsecond=0)


def allow(scope: str, client: str, limit: int, now: datetime) -> bool:
    """Count one request of ``client`` in ``scope``; False when the hour's ``limit`` is used up."""
    start = _window_start(now)
    secret = str(current_app.config["SECRET_KEY"])
    key = hashlib.sha256(f"{secret}|{scope}|{client}|{start.isoformat()}".encode()).hexdigest()
    db.session.execute(delete(RateCounter).where(RateCounter.window_start < start - WINDOW))
    counter = db.session.get(RateCounter, key, with_for_update=True)
    if counter is None:
        try:
            with db.session.begin_nested():
                counter = RateCounter(key_hash=key, window_start=start, count=0)
                db.session.add(counter)
        except IntegrityError:
            counter = db.session.get(RateCounter, key, with_for_update=True, populate_existing=True)
    if counter.count >= limit:
        return False
    counter.count += 1
    db.session.flush()
    return True
