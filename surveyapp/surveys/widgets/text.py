"""The ``text`` widget: a text field or, with ``multiline``, a text area."""

from __future__ import annotations

from collections.abc import Collection

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from questionnaires import Question
from surveyapp.surveys.widgets.base import PageAnswers, Widget
from surveyapp.text import clean_text


class TextWidget(Widget):
    """Free text, cleaned and at most ``max_length`` characters."""

    name = "text"

    def read(self, question: Question, form: MultiDict, area_codes: Collection[str],
             result: PageAnswers, check_required: bool) -> None:
        """The cleaned text."""
        text = result.posted(form, question, question.id, check_required, _("Write an answer."),
                             clean=clean_text)
        if text == "":
            return
        if len(text) > question.max_length:
            result.refuse(question, question.id, _(
                "The answer is too long: %(length)s characters, at most %(limit)s.",
                length=len(text),
                limit=question.max_length,
            ))
            return
        result.values[question.id] = text

