"""What the staff overview shows: campaigns with their response and invitation counts."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from surveyapp.db import db
from surveyapp.surveys.models import Campaign, Invitation
from surveyapp.surveys.services import answer_counts, list_campaigns


@dataclass(frozen=True)
class Overview:
    """Campaigns (newest first) and counts per campaign id (counts only, nothing linkable)."""

    campaigns: list[Campaign]
    responses: dict[int, int]
    invitations: dict[int, int]


def overview() -> Overview:
    """Every campaign with how many responses and invitations it has."""
    campaigns = list_campaigns()
    responses = answer_counts()
    invitations = db.session.execute(
        select(Invitation.campaign_id, func.count()).group_by(Invitation.campaign_id)
    )
    return Overview(campaigns, responses,
                    {campaign_id: n for campaign_id, n in invitations})
