"""Translated labels of event categories, times of day and moderation states."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from surveyapp.partners.models import EventCategory, NoteStatus, TimeOfDay

CATEGORY_LABELS: dict[str, LazyString] = {
    EventCategory.SKADEGORELSE: _l("Vandalism"),
    EventCategory.KLOTTER: _l("Graffiti"),
    EventCategory.NEDSKRAPNING: _l("Littering"),
    EventCategory.ORDNINGSSTORNING: _l("Disturbance of order"),
    EventCategory.NARKOTIKA: _l("Drugs"),
    EventCategory.BERUSNING: _l("Drunkenness"),
    EventCategory.HOT_VALD: _l("Threats or violence"),
    EventCategory.INBROTT: _l("Burglary"),
    EventCategory.BRAND: _l("Fire"),
    EventCategory.BUSKORNING: _l("Reckless driving"),
    EventCategory.ANNAT: _l("Other"),
}

TIME_LABELS: dict[str, LazyString] = {
    TimeOfDay.MORNING: _l("Morning (06–10)"),
    TimeOfDay.DAY: _l("Day (10–18)"),
    TimeOfDay.EVENING: _l("Evening (18–24)"),
    TimeOfDay.NIGHT: _l("Night (00–06)"),
}

NOTE_LABELS: dict[str, LazyString] = {
    NoteStatus.NONE: _l("No free text"),
    NoteStatus.PENDING: _l("Waiting for moderation"),
    NoteStatus.APPROVED: _l("Approved"),
    NoteStatus.REJECTED: _l("Rejected"),
}


def event_label(code: str) -> str:
    """The event category in the interface language."""
    return str(CATEGORY_LABELS.get(code, code))


def time_label(code: str) -> str:
    """The time of day in the interface language."""
    return str(TIME_LABELS.get(code, code))


def note_label(code: str) -> str:
    """The moderation state in the interface language."""
    return str(NOTE_LABELS.get(code, code))
