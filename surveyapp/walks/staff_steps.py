"""Staff pages for the first and third steps of a walk: the förmöte and the uppföljande möte."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, render_template, request, url_for
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from surveyapp.auth.audit import record
from surveyapp.auth.models import Role
from surveyapp.auth.permissions import role_required
from surveyapp.prg import see_other
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


def _step_page(walk: Walk, choices: list, stored: Callable[[Walk], FormResult],
               read: Callable[[MultiDict, set[int]], FormResult],
               save: Callable[[Walk, dict], None], event: str, template: str,
               choice_field: str, **context):
    """A step's form: the stored step on GET; on POST the checked step saved, audited and
    answered with 303 to the walk, or the form again with its errors (422)."""
    if request.method == "GET":
        result = stored(walk)
    else:
        result = read(MultiDict(request.form), {item.id for item in choices})
        if result.ok:
            save(walk, result.values)
            record(current_user, event, f"walk {walk.id}")
            return see_other(url_for("walks.staff_walk", walk_id=walk.id))
    chosen = set(result.raw.get(choice_field, "").split(","))
    html = render_template(template, walk=walk, result=result, chosen=chosen, **context)
    return html, 200 if result.ok else 422


@bp.route("/staff/walks/<int:walk_id>/planning", methods=["GET", "POST"])
@role_required(Role.WALK_LEADER)
def staff_planning(walk_id: int):
    """Step 1, the förmöte: purpose, invited organisations and other actors, notes."""
    walk = _managed_walk(walk_id)
    choices = organisations()
    return _step_page(walk, choices, _planning_result, read_planning, save_planning,
                      "walk_planned", "walks/staff_planning.html", "invitee",
                      organisations=choices)


@bp.route("/staff/walks/<int:walk_id>/follow-up", methods=["GET", "POST"])
@role_required(Role.WALK_LEADER)
def staff_follow_up(walk_id: int):
    """Step 3, the uppföljande möte: its date, notes and the agreed actions."""
    walk = _managed_walk(walk_id)
    choices = actions_to_agree(walk)
    # imported here: surveyapp.actions imports the walks package (actions come from observations)
    from surveyapp.actions.labels import status_label as action_status_label

    return _step_page(walk, choices, _follow_up_result, read_follow_up, save_follow_up,
                      "walk_followed_up", "walks/staff_follow_up.html", "action",
                      actions=choices, action_status_label=action_status_label)
