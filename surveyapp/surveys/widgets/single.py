"""The ``single`` widget: radio buttons."""

from __future__ import annotations

from collections.abc import Collection

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from questionnaires import Question
from surveyapp.surveys.widgets.base import PageAnswers, Widget


def read_choice(question: Question, variable: str, form: MultiDict, result: PageAnswers,
                check_required: bool) -> None:
    """One code of ``question``'s choices posted as ``variable`` (a question or a grid row)."""
    raw = result.posted(form, question, variable, check_required, _("Choose one of the answers."))
    if raw == "":
        return
    choice = question.choice(raw)
    if choice is None:
        result.errors[variable] = _("That answer is not one of the choices. Choose again.")
        return
    result.values[variable] = choice.code


class SingleChoiceWidget(Widget):
    """One radio button per choice."""

    name = "single"

    def read(self, question: Question, form: MultiDict, area_codes: Collection[str],
             result: PageAnswers, check_required: bool) -> None:
        """The chosen code."""
        read_choice(question, question.id, form, result, check_required)
