"""The front page: what residents can take part in now."""

from __future__ import annotations

from datetime import date

from flask import render_template

from surveyapp.auth.permissions import public
from surveyapp.public import bp
from surveyapp.public.services import open_dialogues
from surveyapp.surveys.services import open_campaigns


@bp.get("/")
@public
def index() -> str:
    """Open surveys and dialogue maps, the walk join page and the public actions."""
    today = date.today()
    return render_template("public/index.html", campaigns=open_campaigns(today),
                           dialogues=open_dialogues(today))
