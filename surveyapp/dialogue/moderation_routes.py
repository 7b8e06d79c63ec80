"""Staff routes: the moderation queue."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from questionnaires.categories import dialogue_vocabulary
from surveyapp.auth.audit import record
from surveyapp.auth.models import Role
from surveyapp.auth.permissions import role_required
from surveyapp.dialogue import bp
from surveyapp.dialogue.categories import vocabulary_for
from surveyapp.dialogue.services import DECISIONS, moderate, pending_pin, pending_pins
from surveyapp.text import clean_text


@bp.get("/staff/moderation")
@role_required(Role.MODERATOR)
def moderation():
    """Pins with free text waiting for a decision, with personal-data flags."""
    return render_template(
        "dialogue/moderation.html",
        pins=pending_pins(),
        vocabulary=dialogue_vocabulary(),
        vocabulary_for=vocabulary_for,
        lang=str(get_locale() or "sv"),
    )


@bp.post("/staff/moderation/<int:pin_id>")
@role_required(Role.MODERATOR)
def decide(pin_id: int):
    """Approve, approve without the text, or reject (with a reason) one pin."""
    pin = pending_pin(pin_id)
    if pin is None:
        abort(404)
    decision = request.form.get("decision", "")
    if decision not in DECISIONS:
        abort(400)
    moderate(pin, decision, clean_text(request.form.get("reason", "")))
    record(current_user, f"pin_{decision}", f"pin {pin.id}")
    flash(_("Decision saved."))
    return redirect(url_for("dialogue.moderation"))
