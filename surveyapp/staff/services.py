"""What the staff overview shows: campaigns with their response and invitation counts."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from surveyapp.db import db
from surveyapp.surveys.models import Campaign, Invitation, PendingAnswer, Response
from surveyapp.surveys.services import campaigns_newest_first


@dataclass(frozen=True)
class Overview:
    """Campaigns (newest first) and counts per campaign id (counts only, nothing linkable)."""

    campaigns: list[Campaign]
    responses: dict[int, int]
    invitations: dict[int, int]


def overview() -> Overview:
    """Every campaign with how many responses and invitations it has."""
    campaigns = campaigns_newest_first()
    # Answers still waiting for their anonymity batch count too (counts only: the analysts'
    # results read written responses).
    responses: dict[int, int] = {}
    for model in (Response, PendingAnswer):
        counts = select(model.campaign_id, func.count()).group_by(model.campaign_id)
        for campaign_id, count in db.session.execute(counts):
            responses[campaign_id] = responses.get(campaign_id, 0) + count
    invitations = db.session.execute(
        select(Invitation.campaign_id, func.count()).group_by(Invitation.campaign_id)
    )
    return Overview(campaigns, responses,
                    {campaign_id: n for campaign_id, n in invitations})
