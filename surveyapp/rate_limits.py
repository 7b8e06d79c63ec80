"""Per-address request limits (``RATELIMIT_*``), counted where every worker sees one count.

``RATELIMIT_STORAGE_URI`` says where:

* ``database`` (the default): each limit of a request is one atomic upsert of a counter row in
  ``dialogue_rate`` (:func:`surveyapp.counters.increment` with ``below``), keyed by an HMAC of
  the scope, the limit, the client address and the clock-aligned window, in the request's
  transaction. Exact across gunicorn workers and hosts: two simultaneous requests cannot both
  take the last place. A request whose view raises (and so rolls back) is not counted.
* any storage URI of the ``limits`` package (``redis://host:6379``, which needs
  ``pip install redis``; ``memory://`` counts per process). If that storage fails, Redis being
  unreachable say, the request is counted in the database instead: limits keep holding
  (neither fail-open nor fail-closed), a warning is logged, and the storage is tried again
  after ``RETRY_SECONDS`` (one log line per process per outage period, not one per request).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from datetime import timedelta
from typing import Any

from flask import Flask, current_app
from limits import RateLimitItem, parse_many
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter

from surveyapp.auth.models import utcnow
from surveyapp.counters import increment, window_start
from surveyapp.db import db

DATABASE = "database"
RETRY_SECONDS = 30.0
_REDIS_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1}

log = logging.getLogger(__name__)


class RequestLimiter:
    """Counts requests per scope and client address against limit strings like
    ``"10/minute;50/hour"`` (every limit must have room)."""

    def __init__(self, app: Flask) -> None:
        self.enabled = bool(app.config["RATELIMIT_ENABLED"])
        uri = str(app.config["RATELIMIT_STORAGE_URI"] or DATABASE)
        self.uri = uri
        self._strategy: FixedWindowRateLimiter | None = None
        if uri != DATABASE:
            options: dict[str, Any] = _REDIS_OPTIONS if uri.startswith("redis") else {}
            self._strategy = FixedWindowRateLimiter(storage_from_string(uri, **options))
        self._storage_down_until = 0.0

    def allow(self, scope: str, limits: str, client: str | None) -> bool:
        """Count one request of ``client`` in ``scope``; False when a limit is used up."""
        if not self.enabled:
            return True
        items = parse_many(limits)
        address = client or "unknown"
        if self._strategy is not None and time.monotonic() >= self._storage_down_until:
            try:
                return all(self._strategy.hit(item, scope, address) for item in items)
            except Exception as error:  # noqa: BLE001 - any storage failure: count in the DB
                self._storage_down_until = time.monotonic() + RETRY_SECONDS
                log.warning("Rate-limit storage %s failed (%s); counting limits in the "
                            "database for the next %d s", _without_password(self.uri),
                            error, RETRY_SECONDS)
        return _database_allow(scope, items, address)


def _database_allow(scope: str, items: list[RateLimitItem], address: str) -> bool:
    """Count in ``dialogue_rate``; with several limits a refusal takes back the others' counts
    (a savepoint), so a refused request uses up nothing."""
    from surveyapp.dialogue.models import RateCounter  # late: the dialogue package loads routes

    secret = str(current_app.config["SECRET_KEY"]).encode("utf-8")
    now = utcnow()
    savepoint = db.session.begin_nested() if len(items) > 1 else None
    for item in items:
        start = window_start(now, timedelta(seconds=item.get_expiry()))
        message = f"request|{scope}|{item}|{address}|{start.isoformat()}".encode()
        key = {"key_hash": hmac.new(secret, message, hashlib.sha256).hexdigest(),
               "window_start": start}
        if increment(RateCounter.count, key, create=True, below=item.amount) is None:
            if savepoint is not None:
                savepoint.rollback()
            return False
    if savepoint is not None:
        savepoint.commit()
    return True


def _without_password(uri: str) -> str:
    """``redis://:secret@host`` → ``redis://host`` for the log."""
    scheme, _, rest = uri.partition("://")
    return f"{scheme}://{rest.rpartition('@')[2]}"
