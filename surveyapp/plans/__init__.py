"""Åtgärdsplaner: actions for prioritised problems, approved and then frozen."""

from flask import Blueprint

bp = Blueprint("plans", __name__, template_folder="templates")

from surveyapp.plans import routes  # noqa: E402,F401
