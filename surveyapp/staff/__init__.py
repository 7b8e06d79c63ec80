"""The staff start page: campaigns and how many have answered."""

from flask import Blueprint

bp = Blueprint("staff", __name__, url_prefix="/staff", template_folder="templates")

from surveyapp.staff import routes  # noqa: E402,F401
