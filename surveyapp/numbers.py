"""Numbers as the reader's language writes them (1,13 in Swedish, 1.13 in English).

Every figure on a page goes through these (templates use the ``decimal`` and ``percent``
filters), so no page prints Python's own ``1.13`` to a Swedish reader.
"""

from __future__ import annotations

import math

from flask_babel import format_decimal

MINUS = "−"  # a real minus sign, as in print


def decimal(value: float | None, digits: int = 2, signed: bool = False) -> str:
    """``value`` with exactly ``digits`` decimals in the current locale; "–" when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    text = format_decimal(abs(value) if signed else value, format=pattern)
    if signed:
        return ("+" if value >= 0 else MINUS) + text
    return text


def percent(share: float | None, digits: int = 1, signed: bool = False) -> str:
    """A share (0.123) as per cent ("12,3 %" in Swedish) with ``digits`` decimals."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "–"
    return decimal(100 * share, digits, signed) + "\u00a0%"
