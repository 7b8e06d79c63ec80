"""Paper questionnaires entered by staff (role ``data_entry``) with the letter's code."""

from flask import Blueprint

bp = Blueprint("paper", __name__, url_prefix="/staff/paper", template_folder="templates")

from surveyapp.paper import routes  # noqa: E402,F401
from surveyapp.surveys import batches  # noqa: E402

batches.register(bp)
