"""``number``: a whole number, optionally between ``min`` and ``max``."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from questionnaires.types.base import AnalysisColumn, QuestionType, Row, Sampler

if TYPE_CHECKING:
    from questionnaires.model import Question

BOUND = re.compile(r"^\.\s*(>=|>|<=|<)\s*(-?\d+)$")


class WholeNumber(QuestionType):
    """A number question (XLSForm ``integer``)."""

    name = "number"
    xlsform_type = "integer"
    xlsform_constraint_example = "'. >= 0 and . <= 120'"

    def xlsform_details(self, question: Mapping[str, Any]) -> Row:
        """``min``/``max`` as ``. >= a and . <= b``."""
        bounds = []
        if question.get("min") is not None:
            bounds.append(f". >= {question['min']}")
        if question.get("max") is not None:
            bounds.append(f". <= {question['max']}")
        return {"constraint": " and ".join(bounds)}

    def from_xlsform_constraint(self, constraint: str) -> dict[str, Any] | None:
        """``. >= a and . < b`` (any of ``> >= < <=``) as ``min``/``max``."""
        clauses = [c.strip() for c in re.split(r"\s+and\s+", constraint)]
        found = [BOUND.match(clause) for clause in clauses]
        out: dict[str, Any] = {}
        for match in found:
            if match is None:
                return None
            op, number = match.groups()
            out["min" if op.startswith(">") else "max"] = int(number) + {">": 1, "<": -1}.get(op, 0)
        return out

    def analysis_columns(self, question: Question) -> list[AnalysisColumn]:
        """The number itself (a float column)."""
        return [AnalysisColumn(question.id, "number", question, extract="number")]

    def demo_answers(self, question: Question, sampler: Sampler) -> dict[str, list[Any]]:
        """Uniform whole numbers within the bounds (at most 30)."""
        low, high = int(question.minimum or 0), int(min(question.maximum or 30, 30))
        return {question.id: sampler.integers(low, high)}
