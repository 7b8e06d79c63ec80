"""Problems and orsaksanalys: the register of problems, their evidence, causes and priority."""

from flask import Blueprint

bp = Blueprint("problems", __name__, template_folder="templates")

from surveyapp.problems import routes  # noqa: E402,F401
