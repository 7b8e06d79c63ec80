"""JSON API for campaigns (coordinator role): the same services as the staff pages and CLI.

Authentication is the staff session, as for the rest of the API. Every request that changes
something (POST, PATCH, DELETE) must carry the session's CSRF token in the ``X-CSRFToken``
header (``GET /api/csrf-token`` hands it out), so another site cannot send them with the
staff member's cookie.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Response, abort, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from surveyapp.api import bp
from surveyapp.auth.models import Role
from surveyapp.auth.permissions import role_required, staff_member
from surveyapp.campaigns.services import (
    CampaignInvalid,
    archive_campaign,
    as_data,
    close_campaign,
    create_campaign,
    delete_campaign,
    edit_campaign,
    overview,
)
from surveyapp.surveys.models import Campaign
from surveyapp.surveys.services import find_campaign, list_campaigns


def _campaign(slug: str) -> Campaign:
    campaign = find_campaign(slug)
    if campaign is None:
        abort(404)
    return campaign


def _body() -> dict[str, Any] | None:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else None


def _bad_body() -> tuple[Response, int]:
    return jsonify(error=_("Send the settings as a JSON object.")), 400


def _refused(invalid: CampaignInvalid, status: int = 422) -> tuple[Response, int]:
    return jsonify(errors=invalid.errors, warnings=invalid.warnings), status


def _detail(campaign: Campaign) -> dict[str, Any]:
    seen = overview(campaign, date.today())
    counts = [{"area": rate.area_code, "name": rate.area_name, "invited": rate.invited,
               "invitation": seen.by_area.get(rate.area_code, {}).get("invitation", 0),
               "paper": seen.by_area.get(rate.area_code, {}).get("paper", 0),
               "open": seen.by_area.get(rate.area_code, {}).get("open", 0)}
              for rate in seen.rates]
    return {**as_data(campaign), "days_left": seen.days_left, "responses": seen.responses,
            "response_rate": seen.total.rate, "areas_counts": counts}


@bp.get("/csrf-token")
@staff_member
def csrf_token() -> Response:
    """The CSRF token of this session, to send as ``X-CSRFToken`` with changes."""
    return jsonify(csrf_token=generate_csrf())


@bp.get("/campaigns")
@role_required(Role.COORDINATOR)
def list_all() -> Response:
    """The campaigns (``?archived=1``: the archived ones)."""
    archived = request.args.get("archived") == "1"
    return jsonify(campaigns=[as_data(campaign) for campaign in list_campaigns(archived)])


@bp.post("/campaigns")
@role_required(Role.COORDINATOR)
def create() -> tuple[Response, int]:
    """Create a campaign; 422 with translated errors by field, and nothing stored."""
    body = _body()
    if body is None:
        return _bad_body()
    try:
        saved = create_campaign(body, current_user)
    except CampaignInvalid as invalid:
        return _refused(invalid)
    return jsonify(campaign=_detail(saved.campaign), warnings=saved.warnings), 201


@bp.get("/campaigns/<slug>")
@role_required(Role.COORDINATOR)
def campaign(slug: str) -> Response:
    """Every setting of a campaign with its status and counts."""
    return jsonify(campaign=_detail(_campaign(slug)))


@bp.patch("/campaigns/<slug>")
@role_required(Role.COORDINATOR)
def edit(slug: str) -> tuple[Response, int] | Response:
    """Change the settings given (the others stay); 422 when refused."""
    found = _campaign(slug)
    body = _body()
    if body is None:
        return _bad_body()
    try:
        saved = edit_campaign(found, body, current_user)
    except CampaignInvalid as invalid:
        return _refused(invalid)
    return jsonify(campaign=_detail(saved.campaign), changed=saved.changed,
                   warnings=saved.warnings)


@bp.post("/campaigns/<slug>/close")
@role_required(Role.COORDINATOR)
def close(slug: str) -> Response:
    """Close the campaign to residents from today."""
    found = _campaign(slug)
    close_campaign(found, current_user, date.today())
    return jsonify(campaign=_detail(found))


@bp.post("/campaigns/<slug>/archive")
@role_required(Role.COORDINATOR)
def archive(slug: str) -> Response:
    """Archive the campaign: hidden from lists, closed to residents."""
    found = _campaign(slug)
    archive_campaign(found, current_user, date.today())
    return jsonify(campaign=_detail(found))


@bp.delete("/campaigns/<slug>")
@role_required(Role.COORDINATOR)
def delete(slug: str) -> tuple[Response, int] | tuple[str, int]:
    """Delete a campaign without answers; 409 when it has answers."""
    try:
        delete_campaign(_campaign(slug), current_user)
    except CampaignInvalid as invalid:
        return _refused(invalid, 409)
    return "", 204
