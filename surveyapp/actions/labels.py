"""Translated labels of responsible actors and statuses (text, never a colour only)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

ACTOR_LABELS = {
    "forvaltning": _l("Municipal department"),
    "bostadsbolag": _l("Housing company"),
    "polis": _l("Police"),
    "fastighetsagare": _l("Property owner"),
    "trafikverket": _l("Swedish Transport Administration"),
    "annan": _l("Other"),
}

STATUS_LABELS = {
    "proposed": _l("Proposed"),
    "planned": _l("Planned"),
    "in_progress": _l("In progress"),
    "done": _l("Done"),
    "rejected": _l("Not carried out"),
}


def actor_label(code: str) -> str:
    """The responsible actor in the interface language."""
    return str(ACTOR_LABELS.get(code, code))


def status_label(code: str) -> str:
    """The status in the interface language."""
    return str(STATUS_LABELS.get(code, code))
