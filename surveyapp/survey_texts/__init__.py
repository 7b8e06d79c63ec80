"""Survey free-text answers: moderation queue for moderators, approved-text export for analysts."""

from flask import Blueprint

bp = Blueprint("survey_texts", __name__, template_folder="templates")

from surveyapp.survey_texts import models, routes  # noqa: E402,F401
