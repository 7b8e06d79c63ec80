"""Responses from elsewhere: SPSS, XLSX or CSV files from a vendor or an earlier year, mapped to
a campaign's questionnaire, validated row by row and written in one transaction."""

from flask import Blueprint

bp = Blueprint("imports", __name__, url_prefix="/staff/imports", template_folder="templates")

from surveyapp.imports import models, routes  # noqa: E402,F401
