"""JSON API for dialogue maps (coordinator role): the same services as the staff pages.

Bodies use the flat field names of ``surveyapp.dialogue.admin_forms`` (``areas`` a list of
codes). Invalid input answers 422 with ``{"errors": {field: message}}`` in the caller's
language and stores nothing. State-changing requests need the session's CSRF token in the
``X-CSRFToken`` header, like every POST in the app.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Response, abort, jsonify, request, url_for
from flask_login import current_user

from surveyapp.api import bp
from surveyapp.auth.models import Role
from surveyapp.auth.permissions import role_required
from surveyapp.dialogue.admin_forms import current_values
from surveyapp.dialogue.admin_services import (
    DialogueInvalid,
    archive_dialogue,
    close_dialogue,
    create_dialogue,
    delete_dialogue,
    list_dialogues,
    pin_count,
    update_dialogue,
)
from surveyapp.dialogue.models import Dialogue
from surveyapp.dialogue.services import find_dialogue


def _json(dialogue: Dialogue) -> dict[str, Any]:
    values = current_values(dialogue)
    return {
        "slug": dialogue.slug,
        "url": url_for("dialogue.map_page", slug=dialogue.slug),
        "titles": dict(dialogue.titles or {}),
        "intros": dict(dialogue.intros or {}),
        "areas": values["areas"],
        "categories": dialogue.categories,
        "comments_allowed": dialogue.comments_allowed,
        "me_too_shown": dialogue.me_too_shown,
        "photos_allowed": dialogue.photos_allowed,
        "moderation": dialogue.moderation,
        "opens": dialogue.opens.isoformat(),
        "closes": dialogue.closes.isoformat(),
        "closed_on": dialogue.closed_on.isoformat() if dialogue.closed_on else None,
        "archived": dialogue.archived,
        "is_open": dialogue.is_open(date.today()),
        "pins": pin_count(dialogue),
    }


def _body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        abort(Response('{"error": "send a JSON object"}', 400, mimetype="application/json"))
    return body


def _invalid(invalid: DialogueInvalid, status: int = 422) -> tuple[Response, int]:
    return jsonify(errors=invalid.errors), status


def _found(slug: str) -> Dialogue:
    dialogue = find_dialogue(slug)
    if dialogue is None:
        abort(404)
    return dialogue


@bp.get("/dialogues")
@role_required(Role.COORDINATOR)
def dialogues() -> Response:
    """Every dialogue map (``?archived=1``: the archived ones)."""
    archived = request.args.get("archived") == "1"
    return jsonify(dialogues=[_json(d) for d in list_dialogues(archived=archived)])


@bp.post("/dialogues")
@role_required(Role.COORDINATOR)
def dialogue_create() -> tuple[Response, int]:
    """Create a dialogue map."""
    try:
        dialogue = create_dialogue(_body(), current_user)
    except DialogueInvalid as invalid:
        return _invalid(invalid)
    return jsonify(_json(dialogue)), 201


@bp.get("/dialogues/<slug>")
@role_required(Role.COORDINATOR)
def dialogue_show(slug: str) -> Response:
    """One dialogue map's settings."""
    return jsonify(_json(_found(slug)))


@bp.patch("/dialogues/<slug>")
@role_required(Role.COORDINATOR)
def dialogue_edit(slug: str) -> tuple[Response, int] | Response:
    """Change the given fields; the others stay."""
    dialogue = _found(slug)
    try:
        changed = update_dialogue(dialogue, _body(), current_user)
    except DialogueInvalid as invalid:
        return _invalid(invalid)
    return jsonify(dialogue=_json(dialogue), changed=changed)


def _state(slug: str, change) -> tuple[Response, int] | Response:
    dialogue = _found(slug)
    try:
        change(dialogue)
    except DialogueInvalid as invalid:
        return _invalid(invalid, 409)
    return jsonify(_json(dialogue))


@bp.post("/dialogues/<slug>/close")
@role_required(Role.COORDINATOR)
def dialogue_close(slug: str) -> tuple[Response, int] | Response:
    """Close for new pins today."""
    return _state(slug, lambda d: close_dialogue(d, date.today(), current_user))


@bp.post("/dialogues/<slug>/archive")
@role_required(Role.COORDINATOR)
def dialogue_archive(slug: str) -> tuple[Response, int] | Response:
    """Archive: closed and hidden from every list."""
    return _state(slug, lambda d: archive_dialogue(d, date.today(), current_user))


@bp.delete("/dialogues/<slug>")
@role_required(Role.COORDINATOR)
def dialogue_delete(slug: str) -> tuple[Response, int] | Response:
    """Delete a map without pins; 409 when residents have marked places (archive instead)."""
    dialogue = _found(slug)
    try:
        delete_dialogue(dialogue, current_user)
    except DialogueInvalid as invalid:
        return _invalid(invalid, 409)
    return Response(status=204)
