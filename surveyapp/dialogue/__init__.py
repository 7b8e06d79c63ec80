"""Place-based dialogue: map pins, moderation, safety walks (trygghetsvandringar)."""

from flask import Blueprint

bp = Blueprint("dialogue", __name__, template_folder="templates")

from surveyapp.dialogue import routes  # noqa: E402,F401
