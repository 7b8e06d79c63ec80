"""Campaigns, invitations and the respondent flow."""

from flask import Blueprint

bp = Blueprint("surveys", __name__, url_prefix="/s", template_folder="templates")

from surveyapp.surveys import batches, display, routes  # noqa: E402,F401

batches.register(bp)
