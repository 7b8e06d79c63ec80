"""JSON API: weighted tables (analyst role) and campaigns (coordinator role)."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api")

from surveyapp.api import campaigns, dialogues, routes  # noqa: E402,F401
