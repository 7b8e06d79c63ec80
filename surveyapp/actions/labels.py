"""Translated labels of responsible actors and statuses (text, never a colour only)."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from surveyapp.actions.models import ActionStatus, Actor

ACTOR_LABELS: dict[str, LazyString] = {
    Actor.FORVALTNING: _l("Municipal department"),
    Actor.BOSTADSBOLAG: _l("Housing company"),
    Actor.POLIS: _l("Police"),
    Actor.FASTIGHETSAGARE: _l("Property owner"),
    Actor.TRAFIKVERKET: _l("Swedish Transport Administration"),
    Actor.ANNAN: _l("Other"),
}

STATUS_LABELS: dict[str, LazyString] = {
    ActionStatus.PROPOSED: _l("Proposed"),
    ActionStatus.PLANNED: _l("Planned"),
    ActionStatus.IN_PROGRESS: _l("In progress"),
    ActionStatus.DONE: _l("Done"),
    ActionStatus.REJECTED: _l("Not carried out"),
}


def actor_label(code: str) -> str:
    """The responsible actor in the interface language."""
    return str(ACTOR_LABELS.get(code, code))


def status_label(code: str) -> str:
    """The status in the interface language."""
    return str(STATUS_LABELS.get(code, code))
