"""Join codes for walks and the rate limit on joining.

A join code is not personal data (everyone on the walk hears it), so it is stored in clear and
the leader can show it again. Six characters from an alphabet without look-alikes give 31**6
(about 8.9e8) codes; a code only works while its walk is open, and a client gets at most
``MAX_FAILURES`` wrong codes per ``WINDOW``. Failed attempts are one row each, written in the
request's transaction (the refusal page is a normal return, so it commits them), keyed by an
HMAC of the client address with the app's secret key; rows older than the window are deleted on
every write.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from sqlalchemy import func, select

from surveyapp.counters import record_event
from surveyapp.db import db
from surveyapp.walks.models import JoinAttempt

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
WINDOW = timedelta(minutes=10)
MAX_FAILURES = 10


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


def too_many_failures(key: str, now: datetime) -> bool:
    """Whether this client used up its wrong attempts in the current window."""
    count = db.session.scalar(
        select(func.count())
        .select_from(JoinAttempt)
        .where(JoinAttempt.client_hash == key, JoinAttempt.at > now - WINDOW)
    )
    return (count or 0) >= MAX_FAILURES


def record_failure(key: str, now: datetime) -> None:
    """Remember a wrong code; the join page's refusal is a normal answer, so it is committed."""
    record_event(JoinAttempt.at, {"client_hash": key, "at": now}, expired_before=now - WINDOW)
