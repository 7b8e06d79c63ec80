"""Areas (DeSO/RegSO, districts, custom polygons), population tables, map builders."""

from flask import Blueprint

bp = Blueprint("geo", __name__, url_prefix="/staff/areas", template_folder="templates")

from surveyapp.geo import routes  # noqa: E402,F401
