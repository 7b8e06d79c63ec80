"""``date`` and ``time``: a calendar date (``YYYY-MM-DD``) or a time of day (``HH:MM``).

Stored as ISO text and not analysed (no analysis column), so exports and statistics leave them
out. A date may be bounded by ``earliest``/``latest`` (an ISO date or ``today``), read from the
XLSForm constraints ``. <= today()`` and ``. >= date('2025-01-01')``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from questionnaires.types.base import QuestionType, Row

_DATE_BOUND = re.compile(
    r"^\.\s*(>=|<=)\s*(?:today\(\s*\)|date\(\s*'(?P<date>\d{4}-\d{2}-\d{2})'\s*\))$")


class CalendarDate(QuestionType):
    """A date question (XLSForm ``date``)."""

    name = "date"
    xlsform_type = "date"
    xlsform_constraint_example = "'. <= today()' or \". >= date('2025-01-01')\""

    def from_xlsform_constraint(self, constraint: str) -> dict[str, Any] | None:
        """``. <= today()``, ``. >= date('YYYY-MM-DD')`` (joined by ``and``) as bounds."""
        out: dict[str, Any] = {}
        for clause in (c.strip() for c in re.split(r"\s+and\s+", constraint)):
            match = _DATE_BOUND.match(clause)
            if match is None:
                return None
            out["earliest" if match.group(1) == ">=" else "latest"] = match.group("date") \
                or "today"
        return out

    def xlsform_details(self, question: Mapping[str, Any]) -> Row:
        """``earliest``/``latest`` as constraints."""
        clauses = []
        for key, op in (("earliest", ">="), ("latest", "<=")):
            bound = question.get(key)
            if bound:
                clauses.append(f". {op} today()" if bound == "today" else f". {op} date('{bound}')")
        return {"constraint": " and ".join(clauses)} if clauses else {}


class TimeOfDay(QuestionType):
    """A time question (XLSForm ``time``), hours and minutes."""

    name = "time"
    xlsform_type = "time"
