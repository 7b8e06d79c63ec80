"""``multi``: several answers from a list of choices (check boxes)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from questionnaires.types.base import AnalysisColumn, QuestionType, Sampler

if TYPE_CHECKING:
    from questionnaires.model import Question


class MultipleChoice(QuestionType):
    """A multiple-choice question: its answer is a list of codes (an exclusive one alone)."""

    name = "multi"
    takes_choices = True
    xlsform_type = "select_multiple"

    def analysis_columns(self, question: Question) -> list[AnalysisColumn]:
        """One 0/1 column ``<id>_<code>`` per choice."""
        return [AnalysisColumn(f"{question.id}_{c.code}", "multi", question, choice=c)
                for c in question.choices]

    def demo_answers(self, question: Question, sampler: Sampler) -> dict[str, list[Any]]:
        """One or two non-exclusive codes per respondent."""
        codes = [c.code for c in question.choices]
        picks = [c for c in codes if not any(
            ch.exclusive for ch in question.choices if ch.code == c)] or codes
        first, second = sampler.pick(picks), sampler.pick(picks)
        return {question.id: [sorted({a, b}) for a, b in zip(first, second, strict=True)]}
