"""The questionnaire model: immutable dataclasses built by the loader from a YAML file."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from questionnaires.calculations import Calculation
from questionnaires.expressions import Expression
from questionnaires.types import QuestionType, question_type

STRATA = ("sex", "age_group", "area")
Code = int | str


@dataclass(frozen=True)
class Text:
    """A text in several languages, with fallback to the source language."""

    by_language: Mapping[str, str]
    source_language: str

    def __call__(self, language: str) -> str:
        """The text in ``language``, or in the source language when it is missing."""
        return self.by_language.get(language) or self.by_language.get(self.source_language, "")

    def has(self, language: str) -> bool:
        """Whether the text is really translated into ``language``."""
        return bool(self.by_language.get(language, "").strip())


@dataclass(frozen=True)
class Choice:
    """One answer option."""

    code: Code
    label: Text
    exclusive: bool = False
    # extra choices-sheet columns a ``choice_filter`` compares (e.g. ``{"district": "north"}``)
    filters: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class GridRow:
    """One row of a grid: its own answer variable sharing the grid's choices."""

    id: str
    text: Text


@dataclass(frozen=True)
class Question:
    """One question as a resident sees it."""

    id: str
    type: str
    text: Text
    help: Text | None = None
    choices: tuple[Choice, ...] = ()
    rows: tuple[GridRow, ...] = ()
    required: bool = False
    relevant: Expression | None = None
    stratum: str | None = None
    minimum: int | float | None = None
    maximum: int | float | None = None
    max_length: int = 2000
    multiline: bool = False
    default: str | None = None
    constraint_message: Text | None = None
    required_message: Text | None = None
    # (choice column, variable) pairs: only choices whose column equals the answer are offered
    choice_filter: tuple[tuple[str, str], ...] = ()
    calculation: Calculation | None = None
    earliest: str | None = None
    latest: str | None = None

    @property
    def question_type(self) -> QuestionType:
        """The registered type that knows how this question is asked, stored and analysed."""
        return question_type(self.type)

    def variables(self) -> tuple[str, ...]:
        """The answer variables this question produces (grid rows are variables of their own)."""
        return self.question_type.variables(self.id, self.rows)

    def choice(self, raw: str) -> Choice | None:
        """The choice whose code reads as ``raw`` (form posts carry strings)."""
        return next((c for c in self.choices if str(c.code) == raw), None)

    def is_relevant(self, answers: Mapping[str, Any]) -> bool:
        """Whether the question is asked, given the answers so far."""
        return self.relevant is None or self.relevant.evaluate(answers)

    def offered_choices(self, answers: Mapping[str, Any]) -> tuple[Choice, ...]:
        """The choices offered given the answers so far (all of them without a choice filter;
        with one, those whose filter columns equal the earlier answers)."""
        if not self.choice_filter:
            return self.choices
        wanted = [(column, answers.get(variable)) for column, variable in self.choice_filter]
        if any(value in (None, "", [], {}) for _column, value in wanted):
            return ()
        return tuple(c for c in self.choices
                     if all(c.filters.get(column) == str(value) for column, value in wanted))


@dataclass(frozen=True)
class Page:
    """A screen of a few questions."""

    id: str
    title: Text | None
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Questionnaire:
    """One version of a questionnaire."""

    key: str
    version: str
    languages: tuple[str, ...]
    title: Text
    intro: Text | None
    pages: tuple[Page, ...]
    definition: Mapping[str, Any] = field(repr=False, compare=False, default_factory=dict)

    @property
    def source_language(self) -> str:
        """The language every text must have."""
        return self.languages[0]

    @cached_property
    def calculations(self) -> tuple[Question, ...]:
        """The ``calculate`` questions, in order (computed, never asked)."""
        return tuple(q for q in self.questions() if q.calculation is not None)

    def with_calculations(self, answers: Mapping[str, Any]) -> Mapping[str, Any]:
        """``answers`` with every calculated value worked out in questionnaire order (a value
        that cannot be worked out, e.g. from a missing answer, is left out)."""
        if not self.calculations:
            return answers
        known = dict(answers)
        for question in self.calculations:
            assert question.calculation is not None
            known.pop(question.id, None)
            if question.is_relevant(known):
                value = question.calculation.evaluate(known)
                if value is not None:
                    known[question.id] = value
        return known

    def questions(self) -> Iterator[Question]:
        """All questions in order."""
        for page in self.pages:
            yield from page.questions

    def question(self, question_id: str) -> Question:
        """The question with this id (KeyError when there is none)."""
        for question in self.questions():
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    def stratum_question(self, stratum: str) -> Question | None:
        """The background question that asks for ``stratum`` (sex, age_group, area), if any."""
        return next((q for q in self.questions() if q.stratum == stratum), None)

    def variables(self) -> list[str]:
        """Every answer variable in questionnaire order."""
        return [variable for question in self.questions() for variable in question.variables()]

    def texts(self) -> Iterator[tuple[str, Text]]:
        """Every translatable text with a path naming where it is (for coverage reports)."""
        yield "title", self.title
        if self.intro:
            yield "intro", self.intro
        for page in self.pages:
            if page.title:
                yield f"{page.id}.title", page.title
            for question in page.questions:
                yield f"{question.id}.text", question.text
                if question.help:
                    yield f"{question.id}.help", question.help
                for row in question.rows:
                    yield f"{question.id}.{row.id}", row.text
                for choice in question.choices:
                    yield f"{question.id}.choice[{choice.code}]", choice.label
