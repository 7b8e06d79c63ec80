"""Which pages and questions a resident sees, given the answers so far (no database here).

Calculated values (``calculate`` questions) are worked out from the answers before any skip
logic reads them. A question with a ``choice_filter`` is shown with only the choices its earlier
answers allow, and not before those answers are given: a cascade on one page (district → area)
grows the page after the district is posted, so it works without JavaScript.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from typing import Any

from questionnaires import Page, Question, Questionnaire

STRATUM_FIELDS = {"sex": "sex", "age_group": "age_group", "area": "area_code"}


def is_answered(value: Any) -> bool:
    """Whether a stored value counts as an answer."""
    return value not in (None, "", [], {})


@dataclass(frozen=True)
class Flow:
    """The questionnaire as one resident walks through it."""

    questionnaire: Questionnaire
    prefilled: Collection[str] = ()

    @property
    def pages(self) -> tuple[Page, ...]:
        """All pages, whether shown or not."""
        return self.questionnaire.pages

    def shown(self, question: Question, answers: Mapping[str, Any]) -> bool:
        """A question is shown when it is asked (not calculated), relevant, not already known
        from the invitation and, with a choice filter, has choices to offer."""
        if not question.question_type.asked or question.id in self.prefilled:
            return False
        known = self.questionnaire.with_calculations(answers)
        if question.choice_filter and not question.offered_choices(known):
            return False
        return question.is_relevant(known)

    def shown_questions(self, page_number: int, answers: Mapping[str, Any]) -> list[Question]:
        """The questions shown on page ``page_number`` (1-based), each with the choices it
        offers (fewer than all under a choice filter)."""
        page = self.pages[page_number - 1]
        return [self.offered(question, answers) for question in page.questions
                if self.shown(question, answers)]

    def offered(self, question: Question, answers: Mapping[str, Any]) -> Question:
        """``question`` with only the choices its choice filter offers for these answers."""
        if not question.choice_filter:
            return question
        known = self.questionnaire.with_calculations(answers)
        return replace(question, choices=question.offered_choices(known))

    def defaults(self, questions: Collection[Question],
                 answers: Mapping[str, Any]) -> dict[str, Any]:
        """The ``default`` of each unanswered question, as the page shows it before the
        resident answers (a multi's default lists its codes separated by spaces)."""
        found: dict[str, Any] = {}
        for question in questions:
            if question.default is None or is_answered(answers.get(question.id)):
                continue
            found[question.id] = question.default.split() if question.type == "multi" \
                else question.default
        return found

    def visible_pages(self, answers: Mapping[str, Any]) -> list[int]:
        """Numbers of the pages that have at least one question to show."""
        return [
            number
            for number in range(1, len(self.pages) + 1)
            if self.shown_questions(number, answers)
        ]

    def next_page(self, after: int, answers: Mapping[str, Any]) -> int | None:
        """The next visible page after ``after``, or None when it was the last."""
        return next((n for n in self.visible_pages(answers) if n > after), None)

    def previous_page(self, before: int, answers: Mapping[str, Any]) -> int | None:
        """The visible page before ``before``, or None on the first."""
        return next((n for n in reversed(self.visible_pages(answers)) if n < before), None)

    def resume_page(self, answers: Mapping[str, Any]) -> int:
        """The first visible page with an unanswered shown question, else the last page."""
        pages = self.visible_pages(answers)
        for number in pages:
            for question in self.shown_questions(number, answers):
                if not all(is_answered(answers.get(v)) for v in question.variables()):
                    return number
        return pages[-1] if pages else 1

    def missing_required(self, answers: Mapping[str, Any]) -> tuple[int, str] | None:
        """The first (page, variable) whose required answer is missing."""
        for number in self.visible_pages(answers):
            for question in self.shown_questions(number, answers):
                if not question.required:
                    continue
                for variable in question.variables():
                    if not is_answered(answers.get(variable)):
                        return number, variable
        return None

    def final_answers(self, answers: Mapping[str, Any]) -> dict[str, Any]:
        """Answers to the questions actually asked (or known), in questionnaire order.

        Answers to questions that skip logic made irrelevant are dropped here, and so are
        choices a choice filter no longer offers (the district changed after the area was
        chosen); calculated values are added.
        """
        answers = self.questionnaire.with_calculations(answers)
        final: dict[str, Any] = {}
        for question in self.questionnaire.questions():
            if question.id not in self.prefilled and not question.is_relevant(answers):
                continue
            for variable in question.variables():
                if is_answered(answers.get(variable)):
                    final[variable] = answers[variable]
            if question.choice_filter and question.id in final:
                offered = {str(c.code) for c in question.offered_choices(answers)}
                chosen = final[question.id]
                kept = [c for c in chosen if str(c) in offered] if isinstance(chosen, list) \
                    else chosen if str(chosen) in offered else None
                if kept in (None, []):
                    del final[question.id]
                else:
                    final[question.id] = kept
        return final

    def strata(self, answers: Mapping[str, Any]) -> dict[str, str | None]:
        """The weighting strata (sex, age_group, area_code) read from the answers."""
        strata: dict[str, str | None] = {field: None for field in STRATUM_FIELDS.values()}
        for stratum, field_name in STRATUM_FIELDS.items():
            question = self.questionnaire.stratum_question(stratum)
            if question is None:
                continue
            value = answers.get(question.id)
            if isinstance(value, dict):
                value = value.get("area")
            strata[field_name] = None if value is None else str(value)
        return strata
