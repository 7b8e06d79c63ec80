"""Staff pages for the first and third steps of a walk: the förmöte and the uppföljande möte."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from surveyapp.auth.audit import record
from surveyapp.auth.models import Role
from surveyapp.auth.permissions import role_required
from surveyapp.walks import bp
from surveyapp.walks.forms import FormResult
from surveyapp.walks.models import Walk
from surveyapp.walks.permissions import can_manage_walk
from surveyapp.walks.services import get_walk
from surveyapp.walks.step_forms import read_follow_up, read_planning
from surveyapp.walks.step_services import (
    actions_to_agree,
    organisations,
    save_follow_up,
    save_planning,
)


def _managed_walk(walk_id: int) -> Walk:
    """The walk, if this staff member leads it or is an admin (404 otherwise)."""
    walk = get_walk(walk_id)
    if walk is None or not can_manage_walk(current_user, walk):
        abort(404)
    return walk


def _planning_result(walk: Walk) -> FormResult:
    """The stored förmöte as a form to edit."""
    return FormResult(raw={
        "planning_date": walk.planning_date.isoformat() if walk.planning_date else "",
        "purpose": walk.purpose, "other_invitees": walk.other_invitees,
        "planning_notes": walk.planning_notes,
        "invitee": ",".join(str(item.id) for item in walk.invitees)})


def _follow_up_result(walk: Walk) -> FormResult:
    """The stored uppföljande möte as a form to edit."""
    return FormResult(raw={
        "follow_up_date": walk.follow_up_date.isoformat() if walk.follow_up_date else "",
        "follow_up_notes": walk.follow_up_notes,
        "action": ",".join(str(item.id) for item in walk.agreed_actions)})


@bp.route("/staff/walks/<int:walk_id>/planning", methods=["GET", "POST"])
@role_required(Role.WALK_LEADER)
def staff_planning(walk_id: int):
    """Step 1, the förmöte: purpose, invited organisations and other actors, notes."""
    walk = _managed_walk(walk_id)
    choices = organisations()
    if request.method == "GET":
        result = _planning_result(walk)
    else:
        result = read_planning(MultiDict(request.form), {item.id for item in choices})
        if result.ok:
            save_planning(walk, result.values)
            record(current_user, "walk_planned", f"walk {walk.id}")
            return redirect(url_for("walks.staff_walk", walk_id=walk.id))
    chosen = set(result.raw.get("invitee", "").split(","))
    html = render_template("walks/staff_planning.html", walk=walk, result=result,
                           organisations=choices, chosen=chosen)
    return html, 200 if result.ok else 422


@bp.route("/staff/walks/<int:walk_id>/follow-up", methods=["GET", "POST"])
@role_required(Role.WALK_LEADER)
def staff_follow_up(walk_id: int):
    """Step 3, the uppföljande möte: its date, notes and the agreed actions."""
    walk = _managed_walk(walk_id)
    choices = actions_to_agree(walk)
    if request.method == "GET":
        result = _follow_up_result(walk)
    else:
        result = read_follow_up(MultiDict(request.form), {item.id for item in choices})
        if result.ok:
            save_follow_up(walk, result.values)
            record(current_user, "walk_followed_up", f"walk {walk.id}")
            return redirect(url_for("walks.staff_walk", walk_id=walk.id))
    from surveyapp.actions.labels import status_label as action_status_label

    chosen = set(result.raw.get("action", "").split(","))
    html = render_template("walks/staff_follow_up.html", walk=walk, result=result,
                           actions=choices, chosen=chosen, action_status_label=action_status_label)
    return html, 200 if result.ok else 422
