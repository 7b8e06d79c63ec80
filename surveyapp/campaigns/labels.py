"""Translated words for campaign statuses, modes and per-language text fields."""

from __future__ import annotations

from flask_babel import gettext as _

from surveyapp.campaigns import bp
from surveyapp.surveys.models import CampaignMode, CampaignStatus


def status_label(status: CampaignStatus) -> str:
    """The status (upcoming, open, closed, archived) in words."""
    return {
        CampaignStatus.UPCOMING: _("Not open yet"),
        CampaignStatus.OPEN: _("Open"),
        CampaignStatus.CLOSED: _("Closed"),
        CampaignStatus.ARCHIVED: _("Archived"),
    }.get(status, status)


def mode_label(mode: CampaignMode) -> str:
    """How residents answer, in words."""
    return {
        CampaignMode.INVITATION: _("Letters with codes"),
        CampaignMode.OPEN: _("Open link"),
        CampaignMode.BOTH: _("Letters with codes and open link"),
    }.get(mode, mode)


def text_label(field: str) -> str:
    """The label of a per-language text field."""
    return {
        "names": _("Name"),
        "intro": _("Introduction on the start page"),
        "thanks": _("Text on the thank-you page"),
        "privacy": _("Privacy notice (who processes the answers, why, for how long, your rights)"),
    }.get(field, field)


@bp.app_context_processor
def _labels() -> dict:
    return {"campaign_status_label": status_label, "campaign_mode_label": mode_label,
            "campaign_text_label": text_label}
