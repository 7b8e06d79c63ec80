"""Survey campaigns: staff create, edit, close and archive them (also from the CLI and API)."""

from flask import Blueprint

bp = Blueprint("campaigns", __name__, url_prefix="/staff/campaigns", template_folder="templates")

from surveyapp.campaigns import labels, routes  # noqa: E402,F401
