"""Translated labels and messages of the walks feature."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from surveyapp.walks.models import Light, WalkStatus
from surveyapp.walks.services import JoinRefusal


def severity_label(level: int) -> str:
    """How serious an observation is, in words (never a colour only)."""
    labels = {1: _("Minor"), 2: _("Serious"), 3: _("Very serious")}
    return labels.get(level, str(level))


def status_label(status: str) -> str:
    """A walk's status in words."""
    labels: dict[str, str] = {WalkStatus.OPEN: _("Open"), WalkStatus.CLOSED: _("Closed")}
    return labels.get(status, status)


def checklist_label(parameter: str) -> str:
    """A checklist parameter in words (:data:`surveyapp.walks.models.CHECKLIST`)."""
    labels = {
        "lighting": _("Lighting"),
        "visibility": _("Visibility"),
        "openness": _("Openness"),
        "people": _("People around"),
        "upkeep": _("Upkeep"),
        "wayfinding": _("Way-finding"),
        "ways_out": _("Ways out"),
        "transport": _("Public transport"),
        "feeling": _("Feeling of safety"),
    }
    return labels.get(parameter, parameter)


def checklist_hint(parameter: str) -> str:
    """What a checklist parameter asks, for the participant's form."""
    hints = {
        "lighting": _("Is there enough light to see the way and other people's faces?"),
        "visibility": _("Can you see ahead and around you, without blind corners?"),
        "openness": _("Can you see far, or do walls, bushes or tunnels close the place in?"),
        "people": _("Are there people around who could see or help?"),
        "upkeep": _("Is the place clean and looked after, without litter or damage?"),
        "wayfinding": _("Is it easy to know where you are and which way to go?"),
        "ways_out": _("Could you get away or find help quickly?"),
        "transport": _("Is public transport near, frequent and easy to reach?"),
        "feeling": _("How safe does the place feel to you, all in all?"),
    }
    return hints.get(parameter, "")


def score_label(score: int) -> str:
    """A checklist score in words (1 = very poor ... 5 = very good)."""
    labels = {1: _("Very poor"), 2: _("Poor"), 3: _("Fair"), 4: _("Good"), 5: _("Very good")}
    return labels.get(score, str(score))


def light_label(light: str | None) -> str:
    """The light at the stop in words (empty when not given)."""
    labels: dict[str, str] = {Light.DAYLIGHT: _("Daylight"), Light.DUSK: _("Dusk"),
                              Light.DARK: _("Dark")}
    return labels.get(light or "", light or "")


LOCAL_TIME = ZoneInfo("Europe/Stockholm")
"""Walks are held in Sweden: times are stored in UTC and shown in Swedish time."""


def local_time(moment: datetime | None) -> str:
    """A stored UTC time as Swedish local time, ``HH:MM`` (empty when unknown)."""
    if moment is None:
        return ""
    return moment.replace(tzinfo=UTC).astimezone(LOCAL_TIME).strftime("%H:%M")


def step_label(step: str) -> str:
    """A step of the walk in words, with its number."""
    labels = {"planning": _("1. Förmöte"), "walk": _("2. The walk"),
              "follow_up": _("3. Uppföljande möte")}
    return labels.get(step, step)


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
