"""Admin pages: campaigns with response rates per area, and printing letters from a frame."""

from __future__ import annotations

from datetime import date

from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from surveyapp.auth.audit import record
from surveyapp.auth.models import Role
from surveyapp.auth.permissions import role_required
from surveyapp.invitations import bp
from surveyapp.invitations.frame import Frame, decode, read_frame
from surveyapp.invitations.letters import (
    code_url,
    letter_texts,
    other_language_lines,
    qr_data_uri,
    survey_url,
)
from surveyapp.invitations.services import (
    Printing,
    letter_rounds,
    make_letters,
    make_reminders,
    response_rates,
    stratum_codes,
    totals,
)
from surveyapp.security import allow_upload
from surveyapp.surveys.models import Campaign
from surveyapp.surveys.services import find_campaign, list_campaigns

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
        rounds=letter_rounds(found),
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
    is wrong (the page is shown again with every problem, nothing written).
    """
    found = _campaign(slug)
    if not found.takes_codes:
        return _campaign_page(found, 422, error=_("This campaign does not use invitation codes."))
    frame = _uploaded_frame(found)
    if isinstance(frame, tuple):
        return frame
    printing = make_letters(found, frame.rows, date.today())
    return _print(found, printing, "letters_printed", reminder=False)


@bp.post("/<slug>/reminders")
@role_required(Role.COORDINATOR)
@allow_upload(UPLOAD_LIMIT)
def reminders(slug: str):
    """The same frame again: reminder letters, with the first letters' codes, for exactly the
    invitations not yet used. Nothing is printed if any row does not match its first letter."""
    found = _campaign(slug)
    if not found.takes_codes:
        return _campaign_page(found, 422, error=_("This campaign does not use invitation codes."))
    if found.code_salt is None:
        return _campaign_page(found, 422, error=_(
            "No reminders can be printed: this campaign has no letters printed with "
            "serial numbers (löpnummer) yet."))
    frame = _uploaded_frame(found)
    if isinstance(frame, tuple):
        return frame
    printing = make_reminders(found, frame.rows, date.today())
    return _print(found, printing, "reminders_printed", reminder=True)


def _uploaded_frame(found: Campaign) -> Frame | tuple[str, int]:
    """The parsed frame, or the campaign page with what is wrong in it."""
    upload = request.files.get("frame")
    if upload is None or not upload.filename:
        return _campaign_page(found, 422, error=_("Choose a CSV file with the sampling frame."))
    frame = read_frame(
        decode(upload.read()),
        [area.code for area in found.areas],
        stratum_codes(found, "sex"),
        stratum_codes(found, "age_group"),
    )
    if frame.problems or not frame.rows:
        error = _("Nothing was created. Correct the file and upload it again.")
        return _campaign_page(found, 422, problems=frame.problems[:50], error=error)
    return frame


def _print(found: Campaign, printing: Printing, action: str, reminder: bool):
    """The printable letters of a round (audited), or the page with its problems."""
    if printing.problems:
        error = _("Nothing was printed. Correct the file and upload it again.")
        return _campaign_page(found, 422, problems=printing.problems[:50], error=error)
    record(current_user, action, f"campaign {found.slug}: {len(printing.letters)} letters")
    return render_template(
        "invitations/letters.html",
        campaign=found,
        letters=[(letter, qr_data_uri(code_url(found.slug, letter.code)))
                 for letter in printing.letters],
        url=survey_url(found.slug),
        texts=letter_texts(found, reminder),
        other_languages=other_language_lines(),
        reminder=reminder,
    )
