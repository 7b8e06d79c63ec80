"""Medborgarlöften: promises of police and municipality per area and period, with a public page."""

from flask import Blueprint

bp = Blueprint("promises", __name__, template_folder="templates")

from surveyapp.promises import routes  # noqa: E402,F401
