"""The ``rating`` type's pure part: a 0–10 rating, analysed as a number (no Flask here)."""

from __future__ import annotations

from typing import Any

from questionnaires.model import Question
from questionnaires.types import AnalysisColumn, QuestionType, Sampler


class Rating(QuestionType):
    """How satisfied, from 0 to 10; exported as ``integer`` in XLSForm."""

    name = "rating"
    xlsform_type = "integer"

    def analysis_columns(self, question: Question) -> list[AnalysisColumn]:
        """The rating as a number column."""
        return [AnalysisColumn(question.id, "number", question, extract="number")]

    def demo_answers(self, question: Question, sampler: Sampler) -> dict[str, list[Any]]:
        """Uniform ratings."""
        return {question.id: sampler.integers(0, 10)}
