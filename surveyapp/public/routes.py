"""The front page: the surveys residents can answer now."""

from __future__ import annotations

from datetime import date

from flask import render_template

from surveyapp.auth.permissions import public
from surveyapp.public import bp
from surveyapp.surveys.services import open_campaigns


@bp.get("/")
@public
def index() -> str:
    """List the campaigns that are open today."""
    return render_template("public/index.html", campaigns=open_campaigns(date.today()))
