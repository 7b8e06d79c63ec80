"""Find and erase resident text inside sealed pending answers (``pending_answer``).

Pending answers are encrypted (``surveys.sealing``), so the database cannot search them; the
app holds ``SECRET_KEY`` and unseals each row here, in memory, to look. An erased answer is
sealed again (new nonce, same padding) under the same id; nothing about the row other than
its ciphertext changes, and nothing decrypted is stored.
"""

from __future__ import annotations

from cryptography.exceptions import InvalidTag
from sqlalchemy import select, update

from surveyapp.db import db
from surveyapp.text_search import contains

PENDING_TABLE = "pending_answer"


def pending_matches(needle: str) -> list[tuple[str, str, str]]:
    """``(pending id, "answers.<variable>", text)`` for every free-text answer waiting in a
    sealed row that contains ``needle``; rows sealed under another key are skipped."""
    from surveyapp.surveys.models import PendingAnswer
    from surveyapp.surveys.sealing import unseal

    found = []
    for row_id, blob in db.session.execute(select(PendingAnswer.id, PendingAnswer.sealed)):
        try:
            answers = unseal(blob).get("answers") or {}
        except InvalidTag:
            continue
        found += [(row_id, f"answers.{key}", text) for key, text in answers.items()
                  if isinstance(text, str) and contains(text, needle)]
    return found


def erase_pending(row_id: str, variable: str) -> None:
    """Remove the answer to ``variable`` from the sealed pending row ``row_id`` (flush only)."""
    from surveyapp.surveys.models import PendingAnswer
    from surveyapp.surveys.sealing import seal, unseal

    blob = db.session.scalar(select(PendingAnswer.sealed).where(PendingAnswer.id == row_id))
    if blob is None:  # written as a response meanwhile: found there on the next search
        return
    data = unseal(blob)
    (data.get("answers") or {}).pop(variable, None)
    db.session.execute(update(PendingAnswer).where(PendingAnswer.id == row_id)
                       .values(sealed=seal(data)))
    db.session.flush()
