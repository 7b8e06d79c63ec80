"""The front page: the surveys residents can answer now."""

from __future__ import annotations

from datetime import date

from flask import render_template
from sqlalchemy import select

from surveyapp.auth.permissions import public
from surveyapp.db import db
from surveyapp.public import bp
from surveyapp.surveys.models import Campaign


@bp.get("/")
@public
def index() -> str:
    """List the campaigns that are open today."""
    today = date.today()
    campaigns = db.session.scalars(
        select(Campaign)
        .where(Campaign.opens <= today, Campaign.closes >= today)
        .order_by(Campaign.name)
    ).all()
    return render_template("public/index.html", campaigns=campaigns)
