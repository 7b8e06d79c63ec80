"""Admin pages: campaigns with response rates per area, and printing letters from a frame."""

from __future__ import annotations

from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from surveyapp.auth.audit import record
from surveyapp.auth.models import Role
from surveyapp.auth.permissions import role_required
from surveyapp.invitations import bp
from surveyapp.invitations.frame import read_frame
from surveyapp.invitations.letters import (
    code_url,
    letter_texts,
    other_language_lines,
    qr_data_uri,
    survey_url,
)
from surveyapp.invitations.services import make_letters, response_rates, stratum_codes, totals
from surveyapp.security import allow_upload
from surveyapp.surveys.models import Campaign
from surveyapp.surveys.services import find_campaign, list_campaigns
from surveyapp.uploads import decode_text, not_text_message

UPLOAD_LIMIT = 10 * 1024 * 1024


def _campaign(slug: str) -> Campaign:
    campaign = find_campaign(slug)
    if campaign is None:
        abort(404)
    return campaign


@bp.get("/")
@role_required(Role.COORDINATOR)
def index():
    """Every campaign with its invitations, used codes and response rate."""
    summaries = [(campaign, totals(response_rates(campaign)))
                 for campaign in list_campaigns()]
    return render_template("invitations/index.html", summaries=summaries)


@bp.get("/<slug>")
@role_required(Role.COORDINATOR)
def campaign(slug: str):
    """Response rate per area (counts only) and the form to print letters."""
    found = _campaign(slug)
    return _campaign_page(found)


def _campaign_page(found: Campaign, status: int = 200, problems=(), error: str = ""):
    rates = response_rates(found)
    html = render_template(
        "invitations/campaign.html",
        campaign=found,
        rates=rates,
        total=totals(rates),
        problems=problems,
        error=error,
    )
    return html, status


@bp.post("/<slug>/letters")
@role_required(Role.COORDINATOR)
@allow_upload(UPLOAD_LIMIT)
def letters(slug: str):
    """Read the uploaded frame, create one code per row and return the printable letters.

    The codes, names and addresses exist only in this response; nothing is stored if any row
    is wrong (422 rolls the request back).
    """
    found = _campaign(slug)
    if not found.takes_codes:
        return _campaign_page(found, 422, error=_("This campaign does not use invitation codes."))
    upload = request.files.get("frame")
    if upload is None or not upload.filename:
        return _campaign_page(found, 422, error=_("Choose a CSV file with the sampling frame."))
    text = decode_text(upload.read())
    if text is None:
        return _campaign_page(found, 422, error=not_text_message())
    frame = read_frame(
        text,
        [area.code for area in found.areas],
        stratum_codes(found, "sex"),
        stratum_codes(found, "age_group"),
    )
    if frame.problems or not frame.rows:
        error = _("Nothing was created. Correct the file and upload it again.")
        return _campaign_page(found, 422, problems=frame.problems[:50], error=error)
    made = make_letters(found, frame.rows)
    record(current_user, "letters_printed", f"campaign {found.slug}: {len(made)} letters")
    return render_template(
        "invitations/letters.html",
        campaign=found,
        letters=[(letter, qr_data_uri(code_url(found.slug, letter.code))) for letter in made],
        url=survey_url(found.slug),
        texts=letter_texts(found),
        other_languages=other_language_lines(),
    )
