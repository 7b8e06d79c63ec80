"""``single``: one answer from a list of choices (radio buttons)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from questionnaires.types.base import AnalysisColumn, QuestionType, Sampler, integer_codes

if TYPE_CHECKING:
    from questionnaires.model import Question


class SingleChoice(QuestionType):
    """A single-choice question: its answer is one choice code."""

    name = "single"
    takes_choices = True
    expression_kind = "select"
    xlsform_type: ClassVar[str | None] = "select_one"

    def integer_code_variables(self, question: Question) -> set[str]:
        """Every variable, when the codes are integers."""
        return set(question.variables()) if integer_codes(question) else set()

    def analysis_columns(self, question: Question) -> list[AnalysisColumn]:
        """One code column per variable (a grid row is a variable of its own)."""
        extract = "int" if all(isinstance(c.code, int) for c in question.choices) else "str"
        rows = {row.id: row for row in question.rows}
        return [AnalysisColumn(variable, "choice", question, row=rows.get(variable),
                               extract=extract) for variable in question.variables()]

    def demo_answers(self, question: Question, sampler: Sampler) -> dict[str, list[Any]]:
        """A uniformly drawn code for every variable."""
        codes = [c.code for c in question.choices]
        return {variable: sampler.pick(codes) for variable in question.variables()}
