"""Translated labels of evidence kinds, cause factors and priorities."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from surveyapp.problems.models import CauseFactor, EvidenceKind, Priority

EVIDENCE_LABELS: dict[str, LazyString] = {
    EvidenceKind.SURVEY_INDICATOR: _l("Survey indicator"),
    EvidenceKind.PIN: _l("Pin on the dialogue map"),
    EvidenceKind.OBSERVATION: _l("Safety walk observation"),
    EvidenceKind.INDICATOR_SERIES: _l("Indicator from another source"),
    EvidenceKind.PARTNER_REPORTS: _l("Partner reports"),
}

FACTOR_LABELS: dict[str, LazyString] = {
    CauseFactor.OFFENDER: _l("Offender (crime triangle)"),
    CauseFactor.TARGET: _l("Target or victim (crime triangle)"),
    CauseFactor.PLACE: _l("Place (crime triangle)"),
    CauseFactor.HANDLER: _l("Handler: someone close to the offender"),
    CauseFactor.GUARDIAN: _l("Guardian: someone who protects the target"),
    CauseFactor.MANAGER: _l("Manager: whoever runs the place"),
    CauseFactor.SITUATION: _l("Situational factor (lighting, sight lines, opening hours …)"),
}

PRIORITY_LABELS: dict[str, LazyString] = {
    Priority.HIGH: _l("High"),
    Priority.MEDIUM: _l("Medium"),
    Priority.LOW: _l("Low"),
}


def evidence_label(code: str) -> str:
    """The evidence kind in the interface language."""
    return str(EVIDENCE_LABELS.get(code, code))


def factor_label(code: str) -> str:
    """The cause factor in the interface language."""
    return str(FACTOR_LABELS.get(code, code))


def priority_label(code: str | None) -> str:
    """The priority in the interface language ('' when none)."""
    return str(PRIORITY_LABELS.get(code, code)) if code else ""
