"""Whole numbers typed into forms and query strings, read the same strict way everywhere.

``str.isdigit()`` is true for ``²`` and ``١`` (and ``int("²")`` raises), and ``int()`` takes
any length, which a database column cannot. :func:`whole_number` accepts ASCII digits only,
at most :data:`MAX_DIGITS` of them, within ``minimum``–``maximum``; anything else is None, so
the caller answers with its own "choose from the list" message instead of an error page.
"""

from __future__ import annotations

import re

# The largest id of an INTEGER column (32 bits on PostgreSQL), which every id a form or an
# address names is; PostgreSQL refuses a larger parameter with an error, SQLite above 2**63 - 1.
MAX_ID = 2**31 - 1
MAX_DIGITS = 19
_DIGITS = re.compile(rf"[0-9]{{1,{MAX_DIGITS}}}")


def whole_number(text: str | None, minimum: int = 0, maximum: int = MAX_ID) -> int | None:
    """``text`` as a non-negative whole number within the bounds, else None."""
    if text is None or not _DIGITS.fullmatch(text):
        return None
    value = int(text)
    return value if minimum <= value <= maximum else None
