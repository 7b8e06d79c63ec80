"""Translated labels of statuses (text, never a colour only)."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from surveyapp.actions.models import ActionStatus

STATUS_LABELS: dict[str, LazyString] = {
    ActionStatus.PROPOSED: _l("Proposed"),
    ActionStatus.PLANNED: _l("Planned"),
    ActionStatus.IN_PROGRESS: _l("In progress"),
    ActionStatus.DONE: _l("Done"),
    ActionStatus.REJECTED: _l("Not carried out"),
}


def status_label(code: str) -> str:
    """The status in the interface language."""
    return str(STATUS_LABELS.get(code, code))
