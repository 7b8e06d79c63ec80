"""Translated messages for staff entering paper questionnaires."""

from __future__ import annotations

from flask_babel import gettext as _

from surveyapp.surveys.services import Refusal


def refusal_message(reason: Refusal) -> str:
    """Why a paper questionnaire's code cannot be used (nothing was saved)."""
    messages = {
        Refusal.EMPTY_CODE: _("Write the code printed on the questionnaire."),
        Refusal.UNKNOWN_CODE: _(
            "No invitation of this campaign has this code. Check the code on the "
            "questionnaire; nothing was saved."),
        Refusal.USED_CODE: _(
            "This code has already been used: the questionnaire has been entered before, or "
            "the resident answered on the web. Nothing was saved."),
        Refusal.NOT_YET: _("The campaign is not open yet: paper questionnaires can be "
                           "entered while it is open."),
        Refusal.CLOSED: _("The campaign is closed: paper questionnaires can be entered only "
                          "while it is open (extend its closing date for late post)."),
    }
    return messages.get(reason, _("The code cannot be used. Nothing was saved."))
