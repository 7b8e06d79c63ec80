"""Staff routes: the survey free-text queue (moderators) and the approved texts (analysts)."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from questionnaires.spreadsheet_cells import neutralise_row
from surveyapp.auth.audit import record
from surveyapp.auth.models import Role
from surveyapp.auth.permissions import role_required
from surveyapp.csv_dialects import CsvWriter, requested_dialect
from surveyapp.db import db
from surveyapp.downloads import send_download
from surveyapp.results.services import find_campaign, min_n
from surveyapp.survey_texts import bp
from surveyapp.survey_texts.services import DECISIONS, approved_texts, decide, pending_text, queue
from surveyapp.surveys.models import Campaign


def _language() -> str:
    return str(get_locale() or "sv")


@bp.get("/staff/moderation/survey-texts")
@role_required(Role.MODERATOR)
def moderation() -> str:
    """Free-text answers of written survey responses waiting for a decision, with flags.

    Showing raw text is recorded in the audit log (how many, no response ids)."""
    items = queue(_language())
    if items:
        record(current_user, "survey_texts_viewed", f"{len(items)} texts")
    return render_template("survey_texts/moderation.html", items=items)


@bp.post("/staff/moderation/survey-texts/<int(max=9223372036854775807):text_id>")
@role_required(Role.MODERATOR)
def decide_text(text_id: int):
    """Approve or reject (and so delete) one survey free-text answer."""
    item = pending_text(text_id)
    if item is None:
        abort(404)
    decision = request.form.get("decision", "")
    if decision not in DECISIONS:
        abort(400)
    decide(item, decision)
    campaign = db.session.get(Campaign, item.campaign_id)
    record(current_user, f"survey_text_{decision}", f"campaign {campaign.slug if campaign else ''}")
    flash(_("Decision saved."))
    return redirect(url_for("survey_texts.moderation"), code=303)


@bp.get("/staff/results/<slug>/export/texts.csv")
@role_required(Role.ANALYST)
def approved_csv(slug: str) -> Response:
    """Approved free-text answers only: question, area (blank in small areas), text."""
    campaign = find_campaign(slug)
    if campaign is None:
        abort(404)
    writer = CsvWriter(requested_dialect())
    writer.row(["variable", "question", "area", "text"])
    for row in approved_texts(campaign, min_n(), _language()):
        writer.row(neutralise_row([row["variable"], row["question"], row["area"], row["text"]]))
    return send_download(writer.take(), "text/csv", f"{slug}-texts.csv")
