"""Questionnaire authoring: upload YAML or XLSForm, preview, translation coverage."""

from flask import Blueprint

bp = Blueprint(
    "authoring", __name__, url_prefix="/staff/questionnaires", template_folder="templates"
)

from surveyapp.authoring import routes  # noqa: E402,F401
