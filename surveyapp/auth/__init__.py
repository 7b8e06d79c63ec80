"""Staff accounts, roles and login."""

from flask import Blueprint

bp = Blueprint("auth", __name__, template_folder="templates")

from surveyapp.auth import accounts, routes  # noqa: E402,F401
