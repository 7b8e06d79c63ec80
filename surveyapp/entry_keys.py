"""Entry keys: a random key drawn for each entry a resident's browser sends (a walk
observation, a dialogue pin), so that an entry sent twice — again after a lost connection, or
from the offline queue (``static/offline_queue.js``) — is stored once.

A key is random per entry (the page draws a new one after each), so it links nothing to a
person or a phone. A malformed key is ignored: the entry is then stored as without one.
"""

from __future__ import annotations

import re
import secrets

from werkzeug.datastructures import MultiDict

FIELD = "entry_key"
_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")


def new_entry_key() -> str:
    """A fresh key for a form's hidden ``entry_key`` field."""
    return secrets.token_urlsafe(18)


def entry_key(form: MultiDict) -> str | None:
    """The submitted entry key, or None when absent or malformed."""
    key = form.get(FIELD, "")
    return key if _PATTERN.fullmatch(key) else None
