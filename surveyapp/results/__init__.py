"""Results for analysts: weighting, dashboards, exports and the lägesbild."""

from flask import Blueprint

bp = Blueprint("results", __name__, url_prefix="/staff/results", template_folder="templates")

from surveyapp.results import (  # noqa: E402,F401
    export_job_model,
    export_job_routes,
    models,
    place_routes,
    routes,
)
