"""The ``decimal`` widget: a number with a decimal comma or point."""

from __future__ import annotations

import re
from collections.abc import Collection

from flask_babel import format_decimal
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from questionnaires import Question
from surveyapp.surveys.widgets.base import PageAnswers, Widget
from surveyapp.surveys.widgets.digits import ascii_digits

_DECIMAL = re.compile(r"-?[0-9]{1,12}(?:[.,][0-9]{1,6})?")
_MARKS = " ,.-\u066b\u2212\uff0c\uff0e\uff0d"  # spaces, decimal marks and minus signs


def read_decimal(raw: str) -> float | None:
    """``raw`` as a number: ``2,5`` and ``2.5``, digits of any script (``٢٫٥``), spaces between
    digits; None for anything else (``1e3``, ``1,000.5``, more than 12 digits before the mark)."""
    if not all(c.isdecimal() or c in _MARKS for c in raw.strip()):
        return None  # superscripts, fractions and letters that NFKC would turn into digits
    digits = ascii_digits(raw).replace(" ", "").replace("\u066b", ",")
    digits = digits.replace("\u2212", "-")
    if not _DECIMAL.fullmatch(digits):
        return None
    return float(digits.replace(",", "."))


class DecimalWidget(Widget):
    """A decimal number, within the question's bounds."""

    name = "decimal"

    def read(self, question: Question, form: MultiDict, area_codes: Collection[str],
             result: PageAnswers, check_required: bool) -> None:
        """The number as a float (a whole number as an int)."""
        raw = result.posted(form, question, question.id, check_required, _("Write a number."),
                            clean=str.strip)
        if raw == "":
            return
        number = read_decimal(raw)
        if number is None:
            result.errors[question.id] = _("Write a number, for example %(example)s.",
                                           example=format_decimal(2.5))
            return
        low, high = question.minimum, question.maximum
        if (low is not None and number < low) or (high is not None and number > high):
            result.refuse(question, question.id, _(
                "Write a number from %(low)s to %(high)s.",
                low=format_decimal(low) if low is not None else "…",
                high=format_decimal(high) if high is not None else "…"))
            return
        result.values[question.id] = int(number) if number.is_integer() else number
