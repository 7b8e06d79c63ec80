"""Join codes for walks and the rate limit on joining.

A join code is not personal data (everyone on the walk hears it), so it is stored in clear and
the leader can show it again. Six characters from an alphabet without look-alikes give 31**6
(about 8.9e8) codes; a code only works while its walk is open, and a client gets at most
``MAX_FAILURES`` wrong codes per clock-aligned ``WINDOW``. Every attempt first claims one of
those with one atomic upsert (:func:`surveyapp.counters.increment` with ``below``) and a right
code gives its claim back in the same transaction, so a burst of parallel wrong codes gets
exactly ``MAX_FAILURES`` checked, and joining never uses the allowance up. The counter is keyed
by an HMAC of the client address with the app's secret key and the window (``dialogue_rate``).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update

from surveyapp.counters import increment, window_start
from surveyapp.db import db

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
WINDOW = timedelta(minutes=10)
MAX_FAILURES = 10



def _counters() -> Any:
    """The ``dialogue_rate`` counter model, imported late: the ``dialogue`` package imports its
    routes, which need this package already loaded."""
    from surveyapp.dialogue.models import RateCounter

    return RateCounter

def new_join_code() -> str:
    """A fresh random join code like ``K7QX2M``."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_join_code(typed: str) -> str:
    """Upper case without spaces or dashes (participants type codes as they hear them)."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())[:32]


def client_key(secret: str, address: str | None) -> str:
    """A keyed hash of the client address: rate limits work without storing addresses."""
    message = (address or "unknown").encode("utf-8")
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def _counter(key: str, now: datetime) -> dict[str, object]:
    start = window_start(now, WINDOW)
    digest = hashlib.sha256(f"walk-join|{key}|{start.isoformat()}".encode()).hexdigest()
    return {"key_hash": digest, "window_start": start}


def claim_attempt(key: str, now: datetime) -> bool:
    """Count one attempt of this client; False when its wrong attempts used up the window."""
    return increment(_counters().count, _counter(key, now), create=True,
                     below=MAX_FAILURES) is not None


def give_back_attempt(key: str, now: datetime) -> None:
    """The attempt was no wrong code: take back its count (same transaction as the claim)."""
    counter = _counter(key, now)
    db.session.execute(update(_counters()).where(_counters().key_hash == counter["key_hash"])
                       .values(count=_counters().count - 1))
