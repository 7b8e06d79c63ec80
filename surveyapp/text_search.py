"""Case-insensitive search for resident text in every script, in plain and in JSON columns.

The database only pre-selects rows; Python decides. Two things make a plain
``lower(column) LIKE '%needle%'`` miss text outside ASCII:

* SQLite's ``lower()`` (and PostgreSQL's under the C collation) folds ASCII letters only, so
  ``Kvällen`` stored and ``KVÄLLEN`` searched do not meet. Every *cased* letter outside ASCII
  (å, Ä, É, Я …) therefore becomes the one-character wildcard ``_`` in the pattern; uncased
  scripts (Arabic, Ethiopic/Tigrinya, …) stay literal.
* JSON written before the app stored UTF-8 JSON (``ensure_ascii=False``) holds ``\\u00e4``
  instead of ``ä``. For JSON columns a second pattern matches that escaped form: an uncased
  character as its exact escape (``\\u1230``), a cased one as ``\\u____``.

:func:`contains` is the final, exact test (Unicode case folding) on the decoded text.
"""

from __future__ import annotations

import json

WILDCARD = object()  # one character of any kind in a LIKE pattern


def contains(text: str, needle: str) -> bool:
    """Whether ``text`` contains ``needle``, ignoring case in every script."""
    return needle.casefold() in text.casefold()


def _cased(char: str) -> bool:
    return char.lower() != char.upper()


def _plain_tokens(needle: str) -> list[object]:
    return [char.lower() if char.isascii() else (WILDCARD if _cased(char) else char)
            for char in needle]


def _escaped_tokens(needle: str) -> list[object]:
    """Tokens of ``needle`` as ``json.dumps`` with ``ensure_ascii=True`` writes it."""
    tokens: list[object] = []
    for char in needle:
        escaped = json.dumps(char)[1:-1]
        if char.isascii():
            tokens.extend(escaped.lower())
        elif _cased(char):
            for _unit in range(len(escaped) // 6):  # one \uXXXX per UTF-16 code unit
                tokens.extend(["\\", "u", WILDCARD, WILDCARD, WILDCARD, WILDCARD])
        else:
            tokens.extend(escaped)
    return tokens


def _like(tokens: list[object]) -> str:
    parts = []
    for token in tokens:
        if token is WILDCARD:
            parts.append("_")
        else:
            assert isinstance(token, str)
            parts.append(token.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_"))
    return "%" + "".join(parts) + "%"


def like_patterns(needle: str, in_json: bool) -> list[str]:
    """LIKE patterns (escape character ``\\``, to compare with ``lower(column)``) that every
    stored text containing ``needle`` matches: the plain form, and for a JSON column also the
    JSON-escaped forms (a quote or backslash in ``needle`` is escaped there either way)."""
    if not in_json:
        return [_like(_plain_tokens(needle))]
    in_string = json.dumps(needle, ensure_ascii=False)[1:-1]
    patterns = [_like(_plain_tokens(in_string))]
    if not needle.isascii():
        patterns.append(_like(_escaped_tokens(needle)))
    return list(dict.fromkeys(patterns))
