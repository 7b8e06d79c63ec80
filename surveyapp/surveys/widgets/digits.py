"""Digits as residents type them: any script's decimal digits (Arabic-Indic ``١٢``, Persian
``۱۲``, full-width ``１２``) read as 0–9, for the number, decimal, date and time widgets."""

from __future__ import annotations

import unicodedata


def ascii_digits(typed: str) -> str:
    """``typed`` after NFKC, with every decimal digit of any script as its ASCII digit."""
    normal = unicodedata.normalize("NFKC", typed)
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in normal)
