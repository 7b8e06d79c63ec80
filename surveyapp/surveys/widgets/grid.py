"""The ``grid`` widget: a fieldset of radio buttons per row."""

from __future__ import annotations

from collections.abc import Collection

from werkzeug.datastructures import MultiDict

from questionnaires import Question
from surveyapp.surveys.widgets.base import PageAnswers, Widget
from surveyapp.surveys.widgets.single import read_choice


class GridWidget(Widget):
    """Each row is read like a single-choice question of its own."""

    name = "grid"

    def read(self, question: Question, form: MultiDict, area_codes: Collection[str],
             result: PageAnswers, check_required: bool) -> None:
        """The chosen code of every row."""
        for row in question.rows:
            read_choice(question, row.id, form, result, check_required)
