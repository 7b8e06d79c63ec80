"""Staff overview of campaigns with response counts per area (counts only)."""

from __future__ import annotations

from flask import render_template
from sqlalchemy import func, select

from surveyapp.auth.permissions import staff_member
from surveyapp.db import db
from surveyapp.staff import bp
from surveyapp.surveys.models import Campaign, Invitation, Response


@bp.get("/")
@staff_member
def index() -> str:
    """Campaigns with responses and invitations per area."""
    campaigns = db.session.scalars(select(Campaign).where(Campaign.archived_on.is_(None))
                                   .order_by(Campaign.opens.desc())).all()
    responses = dict(
        db.session.execute(
            select(Response.campaign_id, func.count()).group_by(Response.campaign_id)
        ).all()
    )
    invitations = dict(
        db.session.execute(
            select(Invitation.campaign_id, func.count()).group_by(Invitation.campaign_id)
        ).all()
    )
    return render_template(
        "staff/index.html", campaigns=campaigns, responses=responses, invitations=invitations
    )
