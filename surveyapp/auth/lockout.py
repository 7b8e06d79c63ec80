"""Failed-login limits: per account *and* address, plus a higher limit per account.

* **Per account and address**: an address gets ``ADDRESS_MAX_ATTEMPTS`` counted attempts at one
  account per 15-minute window (clock-aligned). Each attempt is claimed with one atomic upsert
  (:func:`surveyapp.counters.increment` with ``below``) *after* the password check, so parallel
  requests cannot slip past the limit: an attempt that finds the window used up is refused
  whatever the password was, and so tells the guesser nothing. A successful login forgets the
  address's count.
* **Per account over all addresses**: every ``ACCOUNT_MAX_FAILURES`` wrong passwords in an hour
  window (clock-aligned) lock the account for everyone for ``LOCKOUT``; admins can lift it. One
  address can make at most 20 counted attempts in an hour window (5 in each of the four
  15-minute windows it holds), so one attacker cannot lock a coordinator out; it takes several
  addresses working together.

Counts live in ``dialogue_rate`` (:class:`~surveyapp.dialogue.models.RateCounter`) under a keyed
hash of the address, e-mail address and window: no address is stored, and rows are purged with
the other rate counters.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import delete, or_, update

from surveyapp.auth.models import User
from surveyapp.counters import increment, window_start
from surveyapp.db import db

ADDRESS_MAX_ATTEMPTS = 5
ADDRESS_WINDOW = timedelta(minutes=15)
ACCOUNT_MAX_FAILURES = 50
ACCOUNT_WINDOW = timedelta(hours=1)
LOCKOUT = timedelta(minutes=15)



def _counters() -> Any:
    """The ``dialogue_rate`` counter model, imported late: the ``dialogue`` package imports its
    routes, which need this package already loaded."""
    from surveyapp.dialogue.models import RateCounter

    return RateCounter

def _key(*parts: str) -> str:
    secret = str(current_app.config["SECRET_KEY"]).encode("utf-8")
    return hmac.new(secret, "|".join(parts).encode("utf-8"), hashlib.sha256).hexdigest()


def _address_key(email: str, address: str | None, now: datetime) -> dict[str, object]:
    start = window_start(now, ADDRESS_WINDOW)
    return {"key_hash": _key("login-address", email, address or "unknown", start.isoformat()),
            "window_start": start}


def claim_attempt(email: str, address: str | None, now: datetime) -> bool:
    """Count one login attempt of ``address`` at ``email``; False when its window is used up."""
    key = _address_key(email, address, now)
    return increment(_counters().count, key, create=True, below=ADDRESS_MAX_ATTEMPTS) is not None


def forget_attempts(email: str, address: str | None, now: datetime) -> None:
    """After a successful login: the address starts its window afresh."""
    key = _address_key(email, address, now)["key_hash"]
    db.session.execute(delete(_counters()).where(_counters().key_hash == key))


def count_account_failure(email: str, now: datetime) -> None:
    """Count a wrong password at ``email`` (known or not: the same statements run either way);
    each ``ACCOUNT_MAX_FAILURES``-th in the hour locks an existing account for ``LOCKOUT``."""
    start = window_start(now, ACCOUNT_WINDOW)
    key = {"key_hash": _key("login-account", email, start.isoformat()), "window_start": start}
    count = increment(_counters().count, key, create=True) or 0
    if count % ACCOUNT_MAX_FAILURES:
        return
    locked = db.session.execute(
        update(User).where(User.email == email).values(locked_until=now + LOCKOUT)
        .returning(User.id)
    ).scalar_one_or_none()
    if locked is not None:
        from surveyapp.auth.audit import record

        record(None, "account_locked", email)


def unlock_for_login(user: User, now: datetime) -> bool:
    """Atomically: whether ``user`` is free of an account-wide lock at ``now`` (and clear an
    expired one). False while locked, even when the password was right."""
    free = db.session.execute(
        update(User)
        .where(User.id == user.id, or_(User.locked_until.is_(None), User.locked_until <= now))
        .values(locked_until=None)
        .returning(User.id)
    ).scalar_one_or_none()
    return free is not None
