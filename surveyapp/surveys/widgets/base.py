"""What a question widget is: how one question type is shown and read back from a posted form.

The pure part of a type (definition, variables, analysis) is in :mod:`questionnaires.types`;
a widget registered under the same name adds the template that draws the question and the
reading of the posted form with translated messages.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any, ClassVar

from flask_babel import get_locale
from werkzeug.datastructures import MultiDict

from questionnaires import Question


@dataclass
class PageAnswers:
    """The outcome of reading a page: values per variable, errors per variable, typed input."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)

    def unanswered(self, variable: str, required: bool, check: bool, message: str) -> None:
        """Record an empty answer: ``None``, and ``message`` when it is required and checked."""
        self.values[variable] = None
        if required and check:
            self.errors[variable] = message

    def refuse(self, question: Question, variable: str, message: str) -> None:
        """Record an answer outside the question's constraint: the form's own
        ``constraint_message`` when it has one, else ``message``."""
        own = question.constraint_message
        self.errors[variable] = own(current_language()) if own else message

    def posted(self, form: MultiDict, question: Question, variable: str, check: bool,
               message: str, clean: Callable[[str], str] | None = None) -> str:
        """The posted text of ``variable`` (kept as typed in ``raw``), cleaned by ``clean``;
        ``""`` once an empty answer is recorded (see :meth:`unanswered`)."""
        raw = form.get(variable, "")
        self.raw[variable] = raw
        value = clean(raw) if clean else raw
        if value == "":
            self.unanswered(variable, question.required, check, message)
        return value


class Widget:
    """Draws a question (``template``, a macro ``widget``) and reads it back (``read``)."""

    name: ClassVar[str]
    # how to type the answer, shown under the question (for fields a browser may not offer)
    answer_format: ClassVar[Any] = None
    # Whether drawing or reading needs the campaign's areas (only then are they queried).
    uses_areas: ClassVar[bool] = False

    @property
    def template(self) -> str:
        """The template whose macro ``widget(q, values, errors, lang, areas)`` draws it."""
        return f"surveys/_widgets/{self.name}.html"

    def read(self, question: Question, form: MultiDict, area_codes: Collection[str],
             result: PageAnswers, check_required: bool) -> None:
        """Put the question's valid values, errors and typed input into ``result``."""
        raise NotImplementedError


def current_language() -> str:
    """The language of the request (for labels inside messages)."""
    locale = get_locale()
    return str(locale.language) if locale else "sv"
