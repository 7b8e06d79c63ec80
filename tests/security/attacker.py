"""What the adversary of the threat model has: the database, the logs and the printed codes.

Helpers that submit answers with known codes in a known order, and that read the database the
way someone with SQL access would (every table, every column, physical order, ``xmin``).
"""

from __future__ import annotations

import hashlib
import json
from urllib.parse import urlparse

import sqlalchemy as sa
from flask import Flask

from surveyapp.db import db
from surveyapp.surveys.codes import normalise_code
from tests.surveyapp.respondent import FULL_PLAN, answer_all, start_with_code


def submit_with_code(app: Flask, slug: str, code: str, marker: str) -> None:
    """A resident with ``code`` answers everything, writing ``marker`` as the free text."""
    client = app.test_client()
    started = start_with_code(client, slug, code)
    assert started.status_code == 303, started.status_code
    first = urlparse(started.location).path
    answer_all(client, first, dict(FULL_PLAN, forbattring=marker))


def stored_markers(app: Flask, order_by: str) -> list[str]:
    """The free-text markers of every response, in the order ``order_by`` (SQL) gives."""
    with app.app_context():
        rows = db.session.execute(
            sa.text(f"SELECT answers FROM response ORDER BY {order_by}")  # noqa: S608
        ).scalars().all()
    return [(json.loads(a) if isinstance(a, str) else a)["forbattring"] for a in rows]


def correct_guesses(guessed: list[str], truth: list[str]) -> int:
    """How many positions an order-based join gets right."""
    return sum(1 for guess, real in zip(guessed, truth, strict=True) if guess == real)


def code_derived_hashes(slug: str, codes: list[str]) -> set[str]:
    """Every hash an attacker can compute from the printed codes without ``SECRET_KEY``: the
    forms the app has ever stored (code hash, draft key, tombstone), bare digests of the code in
    every spelling, and digests of those digests."""
    found: set[str] = set()
    for code in codes:
        spellings = {code, normalise_code(code), code.lower(), normalise_code(code).lower()}
        for spelling in spellings:
            texts = [spelling, f"code:{spelling}", f"code:{slug}:{spelling}",
                     f"draft:{slug}:code:{spelling}", f"{slug}:{spelling}"]
            for text in texts:
                for name in ("sha256", "sha1", "md5", "sha512", "blake2b"):
                    digest = hashlib.new(name, text.encode()).hexdigest()
                    found |= {digest, hashlib.sha256(digest.encode()).hexdigest()}
                    found.add(hashlib.sha256(f"draft:{slug}:{digest}".encode()).hexdigest())
    return found


def every_stored_value(app: Flask) -> list[tuple[str, str, str]]:
    """(table, column, value as text) for every non-null value in every table."""
    values = []
    with app.app_context():
        for table in db.metadata.sorted_tables:
            for row in db.session.execute(sa.select(table)).mappings():
                for column, value in row.items():
                    if value is None:
                        continue
                    if isinstance(value, bytes | memoryview):
                        text = bytes(value).hex() + " " + bytes(value).decode("latin-1")
                    elif isinstance(value, dict | list):
                        text = json.dumps(value, ensure_ascii=False)
                    else:
                        text = str(value)
                    values.append((table.name, column, text))
    return values
