"""The ``text`` widget: a text field or, with ``multiline``, a text area."""

from __future__ import annotations

import unicodedata
from collections.abc import Collection

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from questionnaires import Question
from surveyapp.surveys.widgets.base import PageAnswers, Widget


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
            result.errors[question.id] = _(
                "The answer is too long: %(length)s characters, at most %(limit)s.",
                length=len(text),
                limit=question.max_length,
            )
            return
        result.values[question.id] = text


def clean_text(raw: str) -> str:
    """Normalise Unicode and drop control characters (keeping line breaks, tabs and the
    zero-width joiners that Persian and Arabic writing needs)."""
    text = unicodedata.normalize("NFC", raw).replace("\r\n", "\n")
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc").strip()
