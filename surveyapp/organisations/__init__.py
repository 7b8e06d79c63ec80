"""Organisations: the named förvaltningar, companies and police areas that do the work."""

from flask import Blueprint

bp = Blueprint("organisations", __name__, template_folder="templates")

from surveyapp.organisations import routes  # noqa: E402,F401
