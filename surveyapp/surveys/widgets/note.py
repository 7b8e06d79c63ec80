"""The ``note`` widget: the note's text and hint; nothing to read back."""

from __future__ import annotations

from collections.abc import Collection

from werkzeug.datastructures import MultiDict

from questionnaires import Question
from surveyapp.surveys.widgets.base import PageAnswers, Widget


class NoteWidget(Widget):
    """A text between questions."""

    name = "note"

    def read(self, question: Question, form: MultiDict, area_codes: Collection[str],
             result: PageAnswers, check_required: bool) -> None:
        """Nothing: a note has no answer."""


class CalculateWidget(Widget):
    """A calculated value: never drawn (the flow does not show it), nothing posted."""

    name = "calculate"

    def read(self, question: Question, form: MultiDict, area_codes: Collection[str],
             result: PageAnswers, check_required: bool) -> None:
        """Nothing: the value is worked out from the answers (see ``Flow.final_answers``)."""
