"""Translated messages for the reasons a resident cannot go on."""

from __future__ import annotations

from typing import Any

from flask_babel import format_date
from flask_babel import gettext as _

from surveyapp.surveys.services import Refusal


def flow_message(reason: Refusal, **context: Any) -> str:
    """The message shown to a resident for a ``FlowError`` reason."""
    if reason == Refusal.CLOSED:
        return _(
            "This survey closed on %(date)s. Thank you for your interest.",
            date=format_date(context["closes"], format="long"),
        )
    if reason == Refusal.NOT_YET:
        return _(
            "This survey opens on %(date)s. Welcome back then.",
            date=format_date(context["opens"], format="long"),
        )
    messages = {
        Refusal.EMPTY_CODE: _("Write the code from your letter."),
        Refusal.UNKNOWN_CODE: _(
            "We could not find that code. Check that you typed it exactly as on the letter."
        ),
        Refusal.USED_CODE: _("This code has already been used to answer the survey."),
        Refusal.UNKNOWN_LINK: _(
            "This link does not lead to saved answers. They may already have been sent."
        ),
        Refusal.NO_DRAFT: _(
            "We could not find your answers. Enter your code again or start the survey."
        ),
    }
    return messages[reason]
