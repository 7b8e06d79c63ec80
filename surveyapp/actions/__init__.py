"""Åtgärder: actions from pins and observations, with public feedback to residents."""

from flask import Blueprint

bp = Blueprint("actions", __name__, template_folder="templates")

from surveyapp.actions import routes  # noqa: E402,F401
