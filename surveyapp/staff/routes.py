"""Staff overview: campaigns with their invitation and response counts (counts only)."""

from __future__ import annotations

from flask import render_template

from surveyapp.auth.permissions import staff_member
from surveyapp.staff import bp
from surveyapp.staff.services import overview


@bp.get("/")
@staff_member
def index() -> str:
    """Campaigns with how many invitations and responses each has."""
    found = overview()
    return render_template(
        "staff/index.html", campaigns=found.campaigns, responses=found.responses,
        invitations=found.invitations,
    )
