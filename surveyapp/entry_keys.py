"""Entry keys: a random key drawn for each entry a resident's browser sends (a walk
observation, a dialogue pin), so that an entry sent twice — again after a lost connection, or
from the offline queue (``static/offline_queue.js``) — is stored once.

A key is random per entry (the page draws a new one after each), so it links nothing to a
person or a phone. A malformed key is ignored: the entry is then stored as without one.
"""

from __future__ import annotations

import re
import secrets
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute
from werkzeug.datastructures import MultiDict

from surveyapp.db import db

Row = TypeVar("Row")

FIELD = "entry_key"
_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")


def new_entry_key() -> str:
    """A fresh key for a form's hidden ``entry_key`` field."""
    return secrets.token_urlsafe(18)


def entry_key(form: MultiDict) -> str | None:
    """The submitted entry key, or None when absent or malformed."""
    key = form.get(FIELD, "")
    return key if _PATTERN.fullmatch(key) else None


def stored_entry(model: type[Row], scope: InstrumentedAttribute[Any], scope_id: int,
                 key: str | None) -> Row | None:
    """The row of ``model`` already stored with ``key`` in this walk or dialogue (``scope``
    equal to ``scope_id``: the unique index is per scope), or None."""
    if not key:
        return None
    client_key: InstrumentedAttribute[str | None] = model.client_key  # type: ignore[attr-defined]
    found: Row | None = db.session.scalars(
        select(model).where(scope == scope_id, client_key == key)).first()
    return found


def add_once(row: Row, scope: InstrumentedAttribute[Any], scope_id: int) -> Row:
    """Add and flush ``row`` (its ``client_key`` set) in a savepoint; when the same entry was
    stored meanwhile (both copies arrived at the same moment, the unique index refused the
    second), return that stored row instead."""
    try:
        with db.session.begin_nested():
            db.session.add(row)
            db.session.flush()
    except IntegrityError:
        key: str | None = row.client_key  # type: ignore[attr-defined]
        stored = stored_entry(type(row), scope, scope_id, key)
        if stored is None:
            raise
        return stored
    return row
