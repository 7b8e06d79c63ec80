"""The ``number`` widget: a short numeric input."""

from __future__ import annotations

import re
from collections.abc import Collection

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from questionnaires import Question
from surveyapp.surveys.widgets.base import PageAnswers, Widget
from surveyapp.surveys.widgets.digits import ascii_digits

_NUMBER = re.compile(r"-?[0-9]{1,15}")


def _whole_number(raw: str) -> int | None:
    """``raw`` as a whole number: decimal digits of any script (``١٢``, full-width ``１２``),
    spaces between them; superscripts (``²``) and more than 15 digits are refused."""
    digits = ascii_digits(raw).replace(" ", "")
    if not _NUMBER.fullmatch(digits) or not all(c.isdecimal() or c in " -－" for c in raw):
        return None
    return int(digits)


class NumberWidget(Widget):
    """A whole number; full-width and Arabic-Indic digits and spaces between digits are read."""

    name = "number"

    def read(self, question: Question, form: MultiDict, area_codes: Collection[str],
             result: PageAnswers, check_required: bool) -> None:
        """The number, within the question's bounds."""
        raw = form.get(question.id, "").strip()
        result.raw[question.id] = raw
        if raw == "":
            result.unanswered(question.id, question.required, check_required,
                              _("Write a number."))
            return
        number = _whole_number(raw)
        if number is None:
            result.errors[question.id] = _("Write a whole number, for example 3.")
            return
        low, high = question.minimum, question.maximum
        if (low is not None and number < low) or (high is not None and number > high):
            result.refuse(question, question.id, _(
                "Write a number from %(low)s to %(high)s.",
                low=low if low is not None else "…",
                high=high if high is not None else "…",
            ))
            return
        result.values[question.id] = number
