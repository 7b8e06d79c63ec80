"""Staff pages for campaigns: list, create, edit, overview, close, archive and delete."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import abort, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user

from surveyapp.auth.models import Role
from surveyapp.auth.permissions import role_required
from surveyapp.campaigns import bp
from surveyapp.campaigns.checks import TEXT_FIELDS, usable_questionnaires
from surveyapp.campaigns.forms import read_campaign_form
from surveyapp.campaigns.services import (
    CampaignInvalid,
    archive_campaign,
    as_data,
    check,
    close_campaign,
    create_campaign,
    delete_campaign,
    edit_campaign,
    locked_fields,
    overview,
)
from surveyapp.geo.services import all_areas
from surveyapp.i18n import LANGUAGES, native_name
from surveyapp.invitations.services import letter_rounds
from surveyapp.surveys.models import Campaign, CampaignMode
from surveyapp.surveys.services import find_campaign, list_campaigns


def _language() -> str:
    return str(get_locale() or "sv")


def _campaign(slug: str) -> Campaign:
    campaign = find_campaign(slug)
    if campaign is None:
        abort(404)
    return campaign


def _form_page(data: dict[str, Any], campaign: Campaign | None = None,
               errors: dict[str, str] | None = None, status: int = 200) -> tuple[str, int]:
    html = render_template(
        "campaigns/form.html", data=data, campaign=campaign, errors=errors or {},
        questionnaires=usable_questionnaires(),
        areas=all_areas(by_name=True),
        modes=tuple(CampaignMode), text_fields=TEXT_FIELDS,
        text_languages=[(code, native_name(code)) for code in LANGUAGES],
        locked=locked_fields(campaign), lang=_language(),
        open_languages=_open_languages(data, errors or {}))
    return html, status


def _open_languages(data: dict[str, Any], errors: dict[str, str]) -> set[str]:
    """Languages whose texts are shown unfolded: those with a text or an error."""
    shown = {name.rsplit("_", 1)[1] for name in errors if "_" in name}
    for field in TEXT_FIELDS:
        shown |= {code for code, text in (data.get(field) or {}).items() if text}
    return shown


@bp.get("/")
@role_required(Role.COORDINATOR)
def index() -> str:
    """The campaigns with their status; archived ones with ``?archived=1``."""
    archived = request.args.get("archived") == "1"
    return render_template("campaigns/index.html", campaigns=list_campaigns(archived),
                           archived=archived, today=date.today(), lang=_language())


@bp.route("/new", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def new():
    """Create a campaign; a refused form is shown again with its errors and nothing stored."""
    if request.method == "GET":
        return _form_page({"mode": CampaignMode.BOTH, "languages": [], "areas": []})
    data = read_campaign_form(request.form)
    try:
        saved = create_campaign(data, current_user)
    except CampaignInvalid as invalid:
        return _form_page(data, errors=invalid.errors, status=422)
    return redirect(url_for("campaigns.show", slug=saved.campaign.slug, saved=1))


@bp.route("/<slug>/edit", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def edit(slug: str):
    """Change a campaign; questionnaire, areas and mode are locked once it has answers."""
    campaign = _campaign(slug)
    if request.method == "GET":
        return _form_page(as_data(campaign), campaign)
    data = read_campaign_form(request.form)
    try:
        edit_campaign(campaign, data, current_user)
    except CampaignInvalid as invalid:
        return _form_page(data, campaign, invalid.errors, 422)
    return redirect(url_for("campaigns.show", slug=campaign.slug, saved=1))


@bp.get("/<slug>")
@role_required(Role.COORDINATOR)
def show(slug: str) -> str:
    """The campaign overview: status, counts by area and channel, rate, days left, links."""
    campaign = _campaign(slug)
    return render_template(
        "campaigns/show.html", campaign=campaign, overview=overview(campaign, date.today()),
        rounds=letter_rounds(campaign), warnings=check(as_data(campaign), campaign).warnings,
        lang=_language())


@bp.post("/<slug>/close")
@role_required(Role.COORDINATOR)
def close(slug: str):
    """Close the campaign to residents from today."""
    campaign = _campaign(slug)
    close_campaign(campaign, current_user, date.today())
    return redirect(url_for("campaigns.show", slug=slug))


@bp.post("/<slug>/archive")
@role_required(Role.COORDINATOR)
def archive(slug: str):
    """Archive: hidden from lists and closed to residents."""
    campaign = _campaign(slug)
    archive_campaign(campaign, current_user, date.today())
    return redirect(url_for("campaigns.show", slug=slug))


@bp.post("/<slug>/delete")
@role_required(Role.COORDINATOR)
def delete(slug: str):
    """Delete a campaign without answers; one with answers is refused (archive it instead)."""
    campaign = _campaign(slug)
    try:
        delete_campaign(campaign, current_user)
    except CampaignInvalid as invalid:
        html = render_template(
            "campaigns/show.html", campaign=campaign, overview=overview(campaign, date.today()),
            warnings=[], refused=invalid.errors["delete"], lang=_language())
        return html, 409
    return redirect(url_for("campaigns.index"))
