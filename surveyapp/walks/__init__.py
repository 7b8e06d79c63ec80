"""Trygghetsvandringar: safety walks, participants' observations, protocol and exports."""

from flask import Blueprint

bp = Blueprint("walks", __name__, template_folder="templates")

from surveyapp.walks import numbering, routes, staff, staff_photos, staff_steps  # noqa: E402,F401
