"""Public pages that are not part of one survey: the front page."""

from flask import Blueprint

bp = Blueprint("public", __name__, template_folder="templates")

from surveyapp.public import routes  # noqa: E402,F401
