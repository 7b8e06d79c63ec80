"""Cells for spreadsheet-bound output (CSV, XLSX, the XLSForm download) that never run as formulas.

A spreadsheet program runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula
(and some strip a leading tab, carriage return or line feed first), so an area named
``=HYPERLINK("http://x","y")`` or a comment starting with ``-`` could become a live formula in
the reader's spreadsheet (OWASP "CSV Injection"). :func:`neutralise_formula` puts an apostrophe
in front of such text, as OWASP recommends: the spreadsheet shows it as text. It also looks past
leading white space and at the full-width forms (``＝``, ``＋``, ``－``, ``＠``) that some
spreadsheet locales read as the ASCII ones.

Numbers stay numbers: an ``int``, ``float`` or ``Decimal`` passes unchanged, and so does text
that is a plain number (``-1``, ``+3.5``, ``2e-3``), such as a choice code ``-1`` written as text.

Used by the XLSForm writer here and by every export of the web app; the XLSForm reader undoes it
with :func:`restore_formula_text`, so a questionnaire survives the round trip unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# What a spreadsheet may read as the start of a formula (after any leading white space).
FORMULA_START = frozenset("=+-@\t\r\n＝＋－＠")
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")
QUOTE = "'"


def _needs_quote(text: str) -> bool:
    stripped = text.lstrip()
    if not stripped:
        return bool(text) and text[0] in FORMULA_START  # e.g. a lone tab
    first = text[0] if text[0] in FORMULA_START else stripped[0]
    return first in FORMULA_START and not PLAIN_NUMBER.fullmatch(text.strip())


def neutralise_formula(value: object) -> object:
    """``value`` made inert for a spreadsheet: text that could start a formula gets a leading
    apostrophe (also text that already starts with apostrophes before such a character, so
    :func:`restore_formula_text` can undo it exactly); anything that is not text is unchanged."""
    if not isinstance(value, str) or not value:
        return value
    if _needs_quote(value.lstrip(QUOTE)):
        return QUOTE + value
    return value


def neutralise_row(values: Iterable[object]) -> list[object]:
    """:func:`neutralise_formula` for every cell of a row."""
    return [neutralise_formula(value) for value in values]


def restore_formula_text(value: str) -> str:
    """The text :func:`neutralise_formula` was given (for reading back our own files)."""
    if value.startswith(QUOTE) and _needs_quote(value.lstrip(QUOTE)):
        return value[1:]
    return value
