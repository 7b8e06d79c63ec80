"""The ``rating`` type's web part: eleven radio buttons 0–10, read back as an integer."""

from __future__ import annotations

from collections.abc import Collection

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from questionnaires import Question
from surveyapp.surveys.widgets import PageAnswers, Widget


class RatingWidget(Widget):
    """A 0–10 scale."""

    name = "rating"

    def read(self, question: Question, form: MultiDict, area_codes: Collection[str],
             result: PageAnswers, check_required: bool) -> None:
        """The rating, 0 to 10."""
        raw = result.posted(form, question, question.id, check_required,
                            _("Choose one of the answers."))
        if raw == "":
            return
        if raw.isdigit() and 0 <= int(raw) <= 10:
            result.values[question.id] = int(raw)
        else:
            result.errors[question.id] = _("That answer is not one of the choices. Choose again.")
