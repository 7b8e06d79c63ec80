"""JSON API for weighted tables (analyst role)."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api")

from surveyapp.api import dialogues, routes  # noqa: E402,F401
