"""Staff overview of campaigns with response counts per area (counts only)."""

from __future__ import annotations

from flask import render_template
from sqlalchemy import func, select

from surveyapp.auth.permissions import staff_member
from surveyapp.db import db
from surveyapp.staff import bp
from surveyapp.surveys.models import Campaign, Invitation, PendingAnswer, Response


@bp.get("/")
@staff_member
def index() -> str:
    """Campaigns with responses and invitations per area.

    The count includes answers still waiting for their anonymity batch (counts only: the
    analysts' results read written responses).
    """
    campaigns = db.session.scalars(select(Campaign).order_by(Campaign.opens.desc())).all()
    responses: dict[int, int] = {}
    for model in (Response, PendingAnswer):
        counts = select(model.campaign_id, func.count()).group_by(model.campaign_id)
        for campaign_id, count in db.session.execute(counts):
            responses[campaign_id] = responses.get(campaign_id, 0) + count
    invitations = dict(
        db.session.execute(
            select(Invitation.campaign_id, func.count()).group_by(Invitation.campaign_id)
        ).all()
    )
    return render_template(
        "staff/index.html", campaigns=campaigns, responses=responses, invitations=invitations
    )
