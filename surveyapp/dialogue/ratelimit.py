"""Rate limits for public POSTs, kept in the database so every worker and host shares them.

A counter's key is a salted hash of the client address, the scope and the window start: it
cannot be turned back into an address and is useless after the window.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete

from surveyapp.counters import increment
from surveyapp.db import db
from surveyapp.dialogue.models import RateCounter

WINDOW = timedelta(hours=1)


def _window_start(now: datetime) -> datetime:
    return now.replace(minute=0, second=0, microsecond=0)


def allow(scope: str, client: str, limit: int, now: datetime) -> bool:
    """Count one request of ``client`` in ``scope``; False when the hour's ``limit`` is used up.

    The count is one atomic upsert (:func:`surveyapp.counters.increment`), and it is kept when
    the page then refuses the post (422, 429): the request commits every normal answer.
    """
    start = _window_start(now)
    secret = str(current_app.config["SECRET_KEY"])
    key = hashlib.sha256(f"{secret}|{scope}|{client}|{start.isoformat()}".encode()).hexdigest()
    db.session.execute(delete(RateCounter).where(RateCounter.window_start < start - WINDOW))
    counted = increment(RateCounter.count, {"key_hash": key, "window_start": start},
                        create=True, below=limit)
    return counted is not None
