"""The ``multi`` widget: check boxes."""

from __future__ import annotations

from collections.abc import Collection

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from questionnaires import Question
from surveyapp.surveys.widgets.base import PageAnswers, Widget, current_language


class MultipleChoiceWidget(Widget):
    """One check box per choice; an exclusive choice ("none of these") stands alone."""

    name = "multi"

    def read(self, question: Question, form: MultiDict, area_codes: Collection[str],
             result: PageAnswers, check_required: bool) -> None:
        """The list of chosen codes."""
        raws = [raw for raw in form.getlist(question.id) if raw != ""]
        result.raw[question.id] = raws
        if not raws:
            result.unanswered(question.id, question.required, check_required,
                              _("Choose at least one answer."))
            return
        choices = [question.choice(raw) for raw in dict.fromkeys(raws)]
        if any(choice is None for choice in choices):
            result.errors[question.id] = _("That answer is not one of the choices. Choose again.")
            return
        chosen = [choice for choice in choices if choice is not None]
        if len(chosen) > 1 and any(choice.exclusive for choice in chosen):
            exclusive = next(choice for choice in chosen if choice.exclusive)
            result.errors[question.id] = _(
                "“%(choice)s” cannot be combined with other answers.",
                choice=exclusive.label(current_language()),
            )
            return
        result.values[question.id] = [choice.code for choice in chosen]
