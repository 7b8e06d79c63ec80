"""Partner reports (EST-style): what police, housing companies and guards saw, per period."""

from flask import Blueprint

bp = Blueprint("partners", __name__, template_folder="templates")

from surveyapp.partners import routes  # noqa: E402,F401
