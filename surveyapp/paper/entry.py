"""One paper questionnaire read from one form: every question, the web pages' validation.

The data-entry view shows all the questionnaire's questions on one page (the clerk copies what
the paper says), except those known from the invitation, which the web does not ask either.
Skip logic decides, as on the web, which questions count: a required question is required only
when the answers make it relevant, and answers to questions that skip logic leaves out are
dropped when the answers are sealed (``Flow.final_answers``).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from werkzeug.datastructures import MultiDict

from questionnaires import Question
from surveyapp.surveys.answers import read_page
from surveyapp.surveys.flow import Flow, is_answered
from surveyapp.surveys.models import Campaign, Invitation
from surveyapp.surveys.services import flow_for, prefill


@dataclass
class PaperForm:
    """What was read: the answers (with those known from the invitation), the errors per
    variable, and what was typed, to show the form again exactly as it was."""

    answers: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    typed: dict[str, Any] = field(default_factory=dict)


def paper_flow(campaign: Campaign, invitation: Invitation) -> tuple[Flow, dict[str, Any]]:
    """The flow for this invitation and the answers known from it (its strata)."""
    known, prefilled = prefill(flow_for(campaign), invitation)
    return Flow(campaign.questionnaire.model(), tuple(prefilled)), known


def entry_questions(flow: Flow) -> list[Question]:
    """Every question of the data-entry view, in questionnaire order."""
    return [question for page in flow.pages for question in page.questions
            if question.id not in flow.prefilled]


def read_paper(flow: Flow, known: dict[str, Any], form: MultiDict,
               area_codes: Collection[str]) -> PaperForm:
    """Read and validate the posted questionnaire.

    First every question is read without the required check (so skip logic sees every typed
    answer), then the questions shown for those answers are read again with it, exactly as a
    page of the web questionnaire is read.
    """
    questions = entry_questions(flow)
    loose = read_page(questions, form, area_codes, check_required=False)
    answers = {**known, **{name: value for name, value in loose.values.items()
                           if is_answered(value)}}
    shown = [question for question in questions if flow.shown(question, answers)]
    strict = read_page(shown, form, area_codes, check_required=True)
    answers.update({name: value for name, value in strict.values.items()
                    if is_answered(value)})
    return PaperForm(answers=answers, errors=strict.errors, typed=loose.raw)
