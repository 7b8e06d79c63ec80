"""Actions: staff create and follow them up; residents see them on /atgarder."""

from __future__ import annotations

import json
from datetime import date
from itertools import groupby

from flask import abort, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from surveyapp.actions import bp
from surveyapp.actions.forms import read_action
from surveyapp.actions.labels import STATUS_LABELS, status_label
from surveyapp.actions.models import Action, ActionStatus
from surveyapp.actions.services import (
    LinkError,
    all_areas,
    approved_pins,
    areas_with_actions,
    create_action,
    get_action,
    list_actions,
    observations,
    pins_to_choose,
    update_action,
)
from surveyapp.auth.audit import record
from surveyapp.auth.models import Role
from surveyapp.auth.permissions import public, role_required
from surveyapp.geo.maps import leaflet_assets, tile_settings
from surveyapp.organisations.models import Organisation
from surveyapp.organisations.permissions import action_scope, can_edit_action
from surveyapp.organisations.services import all_organisations, get_organisation
from surveyapp.walks.categories import category_label
from surveyapp.walks.forms import FormResult


def _language() -> str:
    return str(get_locale() or "sv")


def _labels() -> dict:
    language = _language()
    return {
        "status_label": status_label,
        "category_label": lambda code: category_label(code, language),
        "statuses": list(STATUS_LABELS),
    }


def _features(actions: list[Action]) -> str:
    features = []
    for action in actions:
        for lat, lng in action.positions():
            features.append({
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lng, lat]},
                "properties": {"popup": f"{action.title} ({status_label(action.status)})"},
            })
    return json.dumps({"type": "FeatureCollection", "features": features})


@bp.get("/atgarder")
@public
def public_list() -> str:
    """What is being done, per area: status in words, responsible actor and feedback."""
    choices = areas_with_actions()
    chosen = next((area for area in choices if area.code == request.args.get("area")), None)
    actions = list_actions(chosen.id if chosen else None)
    groups = [(area, list(items)) for area, items in groupby(actions, key=lambda a: a.area)]
    return render_template(
        "actions/public_list.html", groups=groups, areas=choices, chosen=chosen,
        features=_features(actions), map_assets=leaflet_assets(cluster=False),
        tiles=tile_settings(), ActionStatus=ActionStatus, **_labels())


def _choosable_organisations() -> list[Organisation]:
    """The organisations the user may make responsible: all for admins, else their own."""
    scope = action_scope(current_user)
    return [o for o in all_organisations() if scope.covers(o.id)]


@bp.get("/staff/actions")
@role_required(Role.ACTION_OWNER)
def staff_list() -> str:
    """The actions of the owner's organisation; admins choose one organisation or "all"."""
    scope = action_scope(current_user)
    chosen = None
    if scope.everything:
        typed = request.args.get("organisation", "all")
        if typed != "all":
            chosen = get_organisation(int(typed)) if typed.isdigit() else None
            if chosen is None:
                abort(404)
        actions = list_actions(organisation_id=chosen.id if chosen else None)
    elif scope.organisation_id is None:
        actions = []
    else:
        chosen = get_organisation(scope.organisation_id)
        actions = list_actions(organisation_id=scope.organisation_id)
    return render_template("actions/staff_list.html", actions=actions, scope=scope,
                           chosen=chosen, organisations=all_organisations(), **_labels())


def _form_page(result: FormResult, linked, pins, action: Action | None = None,
               status: int = 200):
    html = render_template(
        "actions/staff_form.html", result=result, linked=linked, pins=pins,
        choosable_pins=[] if action else pins_to_choose(), areas=all_areas(), action=action,
        organisations=_choosable_organisations(), **_labels())
    return html, status


def _read(form) -> FormResult:
    return read_action(form, {area.id for area in all_areas()},
                       {o.id for o in _choosable_organisations()})


@bp.route("/staff/actions/new", methods=["GET", "POST"])
@role_required(Role.ACTION_OWNER)
def staff_new():
    """Create an action from selected observations and approved pins."""
    form = request.form if request.method == "POST" else request.args
    result = _read(form)
    try:
        linked = observations(result.values["observation_ids"])
        pins = approved_pins(result.values["pin_ids"])
    except LinkError:
        result.errors["links"] = _(
            "A selected observation or pin no longer exists or is not approved.")
        linked, pins = [], []
    if request.method == "GET":
        result.errors = {k: v for k, v in result.errors.items() if k == "links"}
        result.raw["status"] = result.raw["status"] or ActionStatus.PROPOSED
        return _form_page(result, linked, pins)
    if not result.ok:
        return _form_page(result, linked, pins, status=422)
    action = create_action(result.values, linked, pins, date.today(), current_user.id)
    record(current_user, "action_created", f"action {action.id}")
    return redirect(url_for("actions.staff_edit", action_id=action.id, saved=1))


@bp.route("/staff/actions/<int:action_id>", methods=["GET", "POST"])
@role_required(Role.ACTION_OWNER)
def staff_edit(action_id: int):
    """Update an action's status (with a comment for its history), due date and feedback.

    Only an action of the user's own organisation (any action, for admins) can be opened."""
    action = get_action(action_id)
    if action is None:
        abort(404)
    if not can_edit_action(current_user, action.organisation_id):
        abort(403)
    if request.method == "GET":
        raw = {name: "" if getattr(action, name) is None else str(getattr(action, name))
               for name in ("title", "description", "status", "rejection_reason", "due",
                            "public_feedback")}
        raw["area"] = str(action.area_id or "")
        raw["organisation"] = str(action.organisation_id)
        result = FormResult(raw=raw)
        page, _status = _form_page(result, action.observations, action.pins, action)
        return page
    result = _read(request.form)
    if not result.ok:
        return _form_page(result, action.observations, action.pins, action, status=422)
    update_action(action, result.values, date.today(), current_user.id)
    record(current_user, "action_changed", f"action {action.id}: {action.status}")
    return redirect(url_for("actions.staff_edit", action_id=action.id, saved=1))
