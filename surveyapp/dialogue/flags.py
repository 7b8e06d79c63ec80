"""Automatic flags for free text that looks like personal data, shown to the moderator.

The patterns are deliberately generous: a false alarm costs a moderator a glance, a miss may
publish someone's name or number.
"""

from __future__ import annotations

import re

FLAG_PATTERNS: dict[str, re.Pattern[str]] = {
    # "han heter Kalle", "hon som heter Anna Svensson", "mitt namn är ..."
    "name": re.compile(r"\b(?i:heter|kallas|namn(?:et)?\s+är|name\s+is|called)\s+[A-ZÅÄÖÉÜ]\w+"),
    "email": re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    # personnummer / samordningsnummer: (YY)YYMMDD[-+]NNNN or 10/12 digits in a row
    "personal_number": re.compile(r"\b(?:19|20)?\d{2}[01]\d[0-3]\d[-+ ]?\d{4}\b"),
    # Swedish phone numbers: 07x-xxx xx xx, 08-123 45 67, +46 70 ...
    "phone": re.compile(r"(?:\+46|\b0)[\s-]?\d{1,3}(?:[\s-]?\d){5,8}\b"),
    # registration plates: ABC 123, ABC 12A
    "registration_plate": re.compile(r"\b[A-Z]{3}\s?\d{2}[A-Z\d]\b"),
}


def personal_data_flags(*texts: str | None) -> list[str]:
    """The kinds of personal data that seem to occur in ``texts`` (sorted codes)."""
    found: set[str] = set()
    for text in texts:
        if not text:
            continue
        for code, pattern in FLAG_PATTERNS.items():
            if pattern.search(text):
                found.add(code)
    return sorted(found)
