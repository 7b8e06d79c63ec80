"""The error summary above a refused page: which question, what is wrong, and where to go."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from questionnaires import Question


class ErrorLink(NamedTuple):
    """One line of the summary: the question's text, the message, the id of its first field."""

    label: str
    message: str
    field_id: str


def error_links(questions: Iterable[Question], errors: dict[str, str], lang: str
                ) -> list[ErrorLink]:
    """The errors in page order; each link targets the field a resident fixes first.

    Field ids follow ``surveys/_questions.html``: choices are ``q-<var>-<n>``, other inputs
    ``q-<var>-input``.
    """
    links = []
    for question in questions:
        if question.type == "grid":
            links += [ErrorLink(f"{question.text(lang)}: {row.text(lang)}", errors[row.id],
                                f"q-{row.id}-1") for row in question.rows if row.id in errors]
        elif question.id in errors:
            first = "1" if question.type in ("single", "multi") else "input"
            links.append(ErrorLink(question.text(lang), errors[question.id],
                                   f"q-{question.id}-{first}"))
    return links
