"""What a question type is: one class per type knows everything that differs between types.

A type validates its part of a definition (choices, grid rows), names the answer variables it
produces, maps itself to and from XLSForm, describes its analysis columns (with codebook labels
and value labels) and draws synthetic answers for the demo. Types are registered by name in
:mod:`questionnaires.types`; the web layer registers a widget for the same name.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from questionnaires.messages import N_

if TYPE_CHECKING:
    from questionnaires.model import Choice, Code, GridRow, Question

Row = dict[str, str]
STRATUM_COLUMN = "bind::surveyapp:stratum"


class DefinitionContext(Protocol):
    """What the loader offers a type while it validates one question of a definition."""

    def problem(self, where: str, what: str, **params: Any) -> None:
        """Record a problem at ``where`` (``what`` a template filled from ``params``)."""

    def choices_of(self, data: Mapping[str, Any], where: str) -> tuple[Choice, ...]:
        """The question's choices: a list of its own or the name of a shared choice list."""

    def rows(self, rows: Any, where: str) -> tuple[GridRow, ...]:
        """The validated rows of a grid."""


class XLSFormWriter(Protocol):
    """What the XLSForm writer offers a type while it writes one question's rows."""

    def texts(self, base: str, text: Mapping[str, str] | None) -> Row:
        """``{'label::Swedish (sv)': ...}`` cells for a text mapping."""

    def choices(self, question: Mapping[str, Any]) -> str:
        """The name of the choice list the question uses (added to the choices sheet)."""


class Sampler(Protocol):
    """Random draws of a fixed length ``n`` (the number of synthetic respondents)."""

    def pick(self, codes: Sequence[Code]) -> list[Code]:
        """``n`` codes drawn with replacement."""

    def integers(self, low: int, high: int) -> list[int]:
        """``n`` whole numbers from ``low`` to ``high`` inclusive."""


@dataclass(frozen=True)
class AnalysisColumn:
    """One analysable answer column of the response frame, exports and measures.

    ``kind`` is the level of measurement the analysis works with: ``choice`` (one code per
    respondent), ``multi`` (0/1: this choice chosen) or ``number``. ``extract`` says how the
    database can extract the column as a scalar (``int``/``str`` codes, ``number``), or ``None``
    when it cannot.
    """

    name: str
    kind: str
    question: Question
    row: GridRow | None = None
    choice: Choice | None = None
    extract: str | None = None

    @property
    def numeric(self) -> bool:
        """Whether the column holds floats (``False``: string codes kept as objects)."""
        return self.extract != "str"

    def label(self, language: str) -> str:
        """The variable label: the question, with the grid row or the choice it is about."""
        text = self.question.text(language)
        if self.row is not None:
            text = f"{text} – {self.row.text(language)}"
        if self.choice is not None:
            text = f"{text} – {self.choice.label(language)}"
        return text

    def value_labels(self, language: str) -> dict[Code, str]:
        """Code → label for the codebook (empty for numbers)."""
        if self.kind == "choice":
            return {c.code: c.label(language) for c in self.question.choices}
        if self.kind == "multi":
            return {0: "Ej vald", 1: "Vald"}
        return {}

    def values(self, answers: Sequence[Mapping[str, Any]]) -> list[Any]:
        """The column's value for each answer document (NaN or ``None`` when missing)."""
        if self.kind == "multi":
            assert self.choice is not None
            code = self.choice.code
            chosen = [a.get(self.question.id) for a in answers]
            return [math.nan if c is None else float(code in c) for c in chosen]
        raw = [a.get(self.name) for a in answers]
        if self.kind == "number":
            return [_number(v) for v in raw]
        if self.numeric:
            return [math.nan if v is None else float(v) for v in raw]
        return raw


def _number(value: Any) -> float:
    """A stored number answer as a float; anything that does not read as one is NaN."""
    if value is None or isinstance(value, list | dict):
        return math.nan
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


class QuestionType:
    """The behaviour shared by every question type; subclasses override what differs."""

    name: ClassVar[str]
    takes_choices: ClassVar[bool] = False
    asked: ClassVar[bool] = True
    holds_area: ClassVar[bool] = False
    comparison_kind: ClassVar[str | None] = None
    expression_kind: ClassVar[str | None] = None
    xlsform_type: ClassVar[str | None] = None
    xlsform_group_appearance: ClassVar[str | None] = None
    xlsform_constraint_example: ClassVar[str | None] = None

    # definition (loader)

    def definition_parts(
        self, data: Mapping[str, Any], where: str, context: DefinitionContext
    ) -> tuple[tuple[Choice, ...], tuple[GridRow, ...]]:
        """Validate the type's own keys; return the question's choices and grid rows."""
        if self.takes_choices:
            return context.choices_of(data, where), ()
        if "choices" in data:
            context.problem(where, N_("a %(type)s question takes no choices"), type=self.name)
        return (), ()

    def variables(self, question_id: str, rows: Sequence[GridRow]) -> tuple[str, ...]:
        """The answer variables of a question with this id and these grid rows."""
        return (question_id,)

    def compared_as(self) -> str:
        """The kind of answer compared across questionnaire versions."""
        return self.comparison_kind or self.name

    # expressions and XLSForm

    @property
    def variable_kind(self) -> str:
        """The kind of its variables when translating skip logic (``select``, ``number`` ...;
        see :mod:`questionnaires.xlsform_xpath`)."""
        return self.expression_kind or self.name

    def expression_kinds(self, question: Question) -> dict[str, str]:
        """Variable → :attr:`variable_kind` for each of the question's variables."""
        return {v: self.variable_kind for v in question.variables()}

    def integer_code_variables(self, question: Question) -> set[str]:
        """The select variables whose codes are all integers (quoted XPath codes become ints)."""
        return set()

    def xlsform_rows(self, question: Mapping[str, Any], row: Row, required: str,
                     writer: XLSFormWriter) -> list[Row]:
        """The survey-sheet rows for ``question``; ``row`` holds name, label, hint, relevant."""
        assert self.xlsform_type is not None
        row = {**row, "type": self.xlsform_type}
        if self.takes_choices:
            row["type"] += f" {writer.choices(question)}"
        row["required"] = required
        row[STRATUM_COLUMN] = question.get("stratum") or ""
        row.update(self.xlsform_details(question))
        return [row]

    def xlsform_details(self, question: Mapping[str, Any]) -> Row:
        """Type-specific survey-sheet cells (``constraint``, ``appearance``)."""
        return {}

    def from_xlsform_constraint(self, constraint: str) -> dict[str, Any] | None:
        """The definition keys a survey-sheet ``constraint`` stands for, or ``None``."""
        return None

    def from_xlsform_appearance(self, look: str) -> dict[str, Any] | None:
        """The definition keys an ``appearance`` word stands for, or ``None`` (ignored)."""
        return None

    # analysis, exports and the demo

    def analysis_columns(self, question: Question) -> list[AnalysisColumn]:
        """The analysable columns of the response frame (none: not analysed)."""
        return []

    def demo_answers(self, question: Question, sampler: Sampler) -> dict[str, list[Any]]:
        """Synthetic answers per variable for the demo (none: left unanswered)."""
        return {}


def integer_codes(question: Question) -> bool:
    """Whether the question has choices and every code is an integer."""
    return bool(question.choices) and all(isinstance(c.code, int) for c in question.choices)
