"""Read and validate one page of answers from a posted form, with translated messages.

Valid values are returned even when other questions on the page have errors, so that nothing a
resident typed is lost; ``raw`` keeps what was typed for re-rendering the page. Each question
is read by the widget of its type (:mod:`surveyapp.surveys.widgets`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from werkzeug.datastructures import MultiDict

from questionnaires import Question
from surveyapp.surveys.widgets import PageAnswers, widget_for
from surveyapp.surveys.widgets.base import current_language

__all__ = ["PageAnswers", "read_page"]


def read_page(
    questions: Iterable[Question],
    form: MultiDict,
    area_codes: Collection[str],
    check_required: bool = True,
) -> PageAnswers:
    """Validate the answers to ``questions``; a value of ``None`` means "not answered".

    A missing required answer gets the form's own ``required_message`` when it has one."""
    result = PageAnswers()
    for question in questions:
        widget_for(question).read(question, form, area_codes, result, check_required)
        if question.required_message is not None:
            for variable in question.variables():
                if variable in result.errors and result.values.get(variable, "") is None:
                    result.errors[variable] = question.required_message(current_language())
    return result
