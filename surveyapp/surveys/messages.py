"""Translated messages for the reasons a resident cannot go on."""

from __future__ import annotations

from typing import Any

from flask_babel import format_date
from flask_babel import gettext as _


def flow_message(reason: str, **context: Any) -> str:
    """The message shown to a resident for a ``FlowError`` reason."""
    if reason == "closed":
        return _(
            "This survey closed on %(date)s. Thank you for your interest.",
            date=format_date(context["closes"], format="long"),
        )
    if reason == "not_yet":
        return _(
            "This survey opens on %(date)s. Welcome back then.",
            date=format_date(context["opens"], format="long"),
        )
    messages = {
        "empty_code": _("Write the code from your letter."),
        "unknown_code": _(
            "We could not find that code. Check that you typed it exactly as on the letter."
        ),
        "used_code": _("This code has already been used to answer the survey."),
        "unknown_link": _(
            "This link does not lead to saved answers. They may already have been sent."
        ),
        "no_draft": _(
            "We could not find your answers. Enter your code again or start the survey."
        ),
    }
    return messages[reason]
