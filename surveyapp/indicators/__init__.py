"""Indicators from other sources: crime counts, municipal service data, area × period × value."""

from flask import Blueprint

bp = Blueprint("indicators", __name__, template_folder="templates")

from surveyapp.indicators import routes  # noqa: E402,F401
