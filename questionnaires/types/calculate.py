"""``calculate``: a value worked out from earlier answers (never asked), stored with them.

The calculation is an XLSForm expression (see :mod:`questionnaires.calculations`). It is not
analysed (no analysis column): a derived figure belongs in the analysis, where it is defined
next to the numbers it produces.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from questionnaires.types.base import QuestionType, Row


class Calculate(QuestionType):
    """A calculated variable (XLSForm ``calculate`` with a ``calculation``)."""

    name = "calculate"
    xlsform_type = "calculate"
    asked: ClassVar[bool] = False
    expression_kind = "calculated"

    def xlsform_details(self, question: Mapping[str, Any]) -> Row:
        """The calculation, written as it was read."""
        return {"calculation": str(question.get("calculation") or "")}
