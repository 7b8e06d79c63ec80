"""Translated labels and messages of the walks feature."""

from __future__ import annotations

from flask_babel import gettext as _

from surveyapp.walks.models import WalkStatus
from surveyapp.walks.services import JoinRefusal


def severity_label(level: int) -> str:
    """How serious an observation is, in words (never a colour only)."""
    labels = {1: _("Minor"), 2: _("Serious"), 3: _("Very serious")}
    return labels.get(level, str(level))


def status_label(status: str) -> str:
    """A walk's status in words."""
    labels: dict[str, str] = {WalkStatus.OPEN: _("Open"), WalkStatus.CLOSED: _("Closed")}
    return labels.get(status, status)


def join_message(reason: JoinRefusal) -> str:
    """Why a participant could not join."""
    messages = {
        JoinRefusal.EMPTY: _("Write the code the walk leader gave you."),
        JoinRefusal.UNKNOWN: _(
            "We could not find a walk with that code. Check the code and try again."
        ),
        JoinRefusal.CLOSED: _("This walk has ended. Thank you for taking part."),
        JoinRefusal.LIMITED: _("Too many wrong codes. Wait ten minutes and try again."),
    }
    return messages[reason]
