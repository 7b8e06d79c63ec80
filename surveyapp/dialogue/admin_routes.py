"""Staff pages for dialogue maps: list, create, edit, close, archive, delete (coordinators)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from surveyapp.auth.models import Role
from surveyapp.auth.permissions import role_required
from surveyapp.dialogue import bp
from surveyapp.dialogue.admin_forms import DEFAULTS, FIELDS, current_values
from surveyapp.dialogue.admin_services import (
    DialogueInvalid,
    archive_dialogue,
    close_dialogue,
    create_dialogue,
    delete_dialogue,
    find_dialogue_by_id,
    list_dialogues,
    mappable_areas,
    pin_count,
    pins_by_status,
    update_dialogue,
)
from surveyapp.dialogue.models import MODERATION_RULES, Dialogue
from surveyapp.i18n import LANGUAGES, native_name

CHECKBOXES = ("comments_allowed", "me_too_shown", "photos_allowed")


def _posted() -> dict[str, Any]:
    """The posted form as the services' flat values; an unticked checkbox means no."""
    values: dict[str, Any] = {name: request.form.get(name, "") for name in FIELDS
                              if name in request.form and name != "areas"}
    values["areas"] = request.form.getlist("areas")
    for name in CHECKBOXES:
        values[name] = request.form.get(name, "0")
    return values


def _dialogue(dialogue_id: int) -> Dialogue:
    dialogue = find_dialogue_by_id(dialogue_id)
    if dialogue is None:
        abort(404)
    return dialogue


def _form(values: dict[str, Any], errors: dict[str, str], dialogue: Dialogue | None = None,
          status: int = 200):
    areas = mappable_areas()
    html = render_template(
        "dialogue/admin_form.html", values=values, errors=errors, dialogue=dialogue,
        areas=areas, languages=[(code, native_name(code)) for code in LANGUAGES],
        moderation_rules=MODERATION_RULES, pins=pin_count(dialogue) if dialogue else 0)
    return html, status


@bp.get("/staff/dialogues")
@role_required(Role.COORDINATOR)
def admin_list():
    """Every dialogue map with its dates, state and pins (public and waiting); archived ones
    apart."""
    current, archived = list_dialogues(), list_dialogues(archived=True)
    return render_template(
        "dialogue/admin_list.html", dialogues=current, archived=archived,
        pins=pins_by_status(current + archived), today=date.today(),
        lang=str(get_locale() or "sv"))


@bp.route("/staff/dialogues/new", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def admin_new():
    """Create a dialogue map."""
    if request.method == "GET":
        return _form({**DEFAULTS, "areas": []}, {})
    values = _posted()
    try:
        dialogue = create_dialogue(values, current_user)
    except DialogueInvalid as invalid:
        return _form(values, invalid.errors, status=422)
    flash(_("The dialogue map has been created."))
    return redirect(url_for("dialogue.admin_edit", dialogue_id=dialogue.id))


@bp.route("/staff/dialogues/<int:dialogue_id>", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def admin_edit(dialogue_id: int):
    """Edit a dialogue map's settings."""
    dialogue = _dialogue(dialogue_id)
    if request.method == "GET":
        return _form(current_values(dialogue), {}, dialogue)
    values = _posted()
    try:
        changed = update_dialogue(dialogue, values, current_user)
    except DialogueInvalid as invalid:
        return _form({**current_values(dialogue), **values}, invalid.errors, dialogue, 422)
    flash(_("Saved.") if changed else _("Nothing was changed."))
    return redirect(url_for("dialogue.admin_edit", dialogue_id=dialogue.id))


def _state_change(dialogue_id: int, change, done: str):
    dialogue = _dialogue(dialogue_id)
    try:
        change(dialogue)
    except DialogueInvalid as invalid:
        return _form(current_values(dialogue), invalid.errors, dialogue, 409)
    flash(done)
    return redirect(url_for("dialogue.admin_list"))


@bp.post("/staff/dialogues/<int:dialogue_id>/close")
@role_required(Role.COORDINATOR)
def admin_close(dialogue_id: int):
    """Close a map for new pins today; it stays readable."""
    return _state_change(dialogue_id, lambda d: close_dialogue(d, date.today(), current_user),
                         _("The dialogue map is closed."))


@bp.post("/staff/dialogues/<int:dialogue_id>/archive")
@role_required(Role.COORDINATOR)
def admin_archive(dialogue_id: int):
    """Archive a map: hidden from every list."""
    return _state_change(dialogue_id, lambda d: archive_dialogue(d, date.today(), current_user),
                         _("The dialogue map is archived."))


@bp.post("/staff/dialogues/<int:dialogue_id>/delete")
@role_required(Role.COORDINATOR)
def admin_delete(dialogue_id: int):
    """Delete a map nobody has marked anything on."""
    return _state_change(dialogue_id, lambda d: delete_dialogue(d, current_user),
                         _("The dialogue map is deleted."))
