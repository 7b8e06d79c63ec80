"""Invitation letters from a sampling frame, and response rates per area (admin only)."""

from flask import Blueprint

bp = Blueprint(
    "invitations", __name__, url_prefix="/staff/invitations", template_folder="templates"
)

from surveyapp.invitations import routes  # noqa: E402,F401
