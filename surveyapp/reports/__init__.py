"""Reports per period: the lägesrapport (tertial) and the annual lägesbild, as HTML and DOCX."""

from flask import Blueprint

bp = Blueprint("reports", __name__, template_folder="templates")

from surveyapp.reports import routes  # noqa: E402,F401
