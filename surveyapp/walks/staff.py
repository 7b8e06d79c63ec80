"""Staff pages for walks: create, show the code, close, protocol and exports."""

from __future__ import annotations

import json

from flask import Response, abort, current_app, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user

from surveyapp.auth.audit import record
from surveyapp.auth.models import Role
from surveyapp.auth.permissions import has_any_role, role_required
from surveyapp.csv_dialects import requested_dialect
from surveyapp.downloads import GEOJSON_TYPE, send_download
from surveyapp.geo.maps import leaflet_assets, tile_settings
from surveyapp.walks import bp
from surveyapp.walks.categories import category_label
from surveyapp.walks.checklist import checklist_summary
from surveyapp.walks.exports import route_geojson, walk_csv, walk_geojson
from surveyapp.walks.forms import FormResult, read_walk
from surveyapp.walks.labels import (
    checklist_label,
    light_label,
    local_time,
    score_label,
    severity_label,
    status_label,
    step_label,
)
from surveyapp.walks.models import CHECKLIST, Walk
from surveyapp.walks.permissions import (
    VIEW_ROLES,
    can_manage_walk,
    can_view_walk,
    lists_every_walk,
)
from surveyapp.walks.services import (
    areas,
    close_walk,
    create_walk,
    get_walk,
    list_walks,
    reopen_walk,
)
from surveyapp.walks.steps import step_states


def _language() -> str:
    return str(get_locale() or "sv")


def visible_walk(walk_id: int) -> Walk:
    """The walk, if this staff member may see it (404 otherwise: not even that it exists)."""
    walk = get_walk(walk_id)
    if walk is None or not can_view_walk(current_user, walk):
        abort(404)
    return walk


def _labels() -> dict:
    language = _language()
    return {
        "category_label": lambda code: category_label(code, language),
        "severity_label": severity_label,
        "status_label": status_label,
        "step_label": step_label,
        "checklist_label": checklist_label,
        "light_label": light_label,
        "local_time": local_time,
        "score_label": score_label,
        "checklist": CHECKLIST,
    }


@bp.get("/staff/walks")
@role_required(*VIEW_ROLES)
def staff_list() -> str:
    """The walks this staff member may see, with status and number of observations: a walk
    leader's own; for an admin their own, or every walk with ``?all=1``."""
    show_all = lists_every_walk(current_user, request.args.get("all") == "1")
    walks = list_walks(None if show_all else current_user.id)
    return render_template("walks/staff_list.html", walks=walks, showing_all=show_all,
                           is_admin=current_user.has_role(Role.ADMIN),
                           can_create=has_any_role(current_user, (Role.WALK_LEADER,)), **_labels())


@bp.route("/staff/walks/new", methods=["GET", "POST"])
@role_required(Role.WALK_LEADER)
def staff_new():
    """Plan a new walk: area, date, meeting point and an optional route."""
    choices = areas()
    if request.method == "GET":
        return render_template("walks/staff_new.html", areas=choices, result=FormResult())
    result = read_walk(request.form, {area.id for area in choices})
    if not result.ok:
        return render_template("walks/staff_new.html", areas=choices, result=result), 422
    walk = create_walk(current_user.id, result.values)
    record(current_user, "walk_created", f"walk {walk.id}")
    return redirect(url_for("walks.staff_walk", walk_id=walk.id))


@bp.get("/staff/walks/<int:walk_id>")
@role_required(*VIEW_ROLES)
def staff_walk(walk_id: int) -> str:
    """The walk's code for participants, its observations, and closing it."""
    walk = visible_walk(walk_id)
    base = (current_app.config["PUBLIC_BASE_URL"] or request.url_root).rstrip("/")
    join_page = base + url_for("walks.join_form")
    return render_template(
        "walks/staff_walk.html", walk=walk, join_page=join_page,
        join_url=base + url_for("walks.join_form", kod=walk.join_code),
        can_manage=can_manage_walk(current_user, walk), steps=step_states(walk),
        can_act=has_any_role(current_user, (Role.ACTION_OWNER,)), **_labels())


@bp.post("/staff/walks/<int:walk_id>/close")
@role_required(Role.WALK_LEADER)
def staff_close(walk_id: int):
    """Close the walk (its leader or an admin)."""
    walk = visible_walk(walk_id)
    if not can_manage_walk(current_user, walk):
        abort(403)
    close_walk(walk)
    record(current_user, "walk_closed", f"walk {walk.id}")
    return redirect(url_for("walks.staff_walk", walk_id=walk.id))


@bp.post("/staff/walks/<int:walk_id>/reopen")
@role_required(Role.WALK_LEADER)
def staff_reopen(walk_id: int):
    """Open a closed walk again (its leader or an admin)."""
    walk = visible_walk(walk_id)
    if not can_manage_walk(current_user, walk):
        abort(403)
    reopen_walk(walk)
    record(current_user, "walk_reopened", f"walk {walk.id}")
    return redirect(url_for("walks.staff_walk", walk_id=walk.id))


@bp.get("/staff/walks/<int:walk_id>/protocol")
@role_required(*VIEW_ROLES)
def protocol(walk_id: int) -> str:
    """The printable protocol: facts, a map (with JavaScript) and the table of observations."""
    walk = visible_walk(walk_id)
    features = walk_geojson(walk, _language())
    features["features"] += route_geojson(walk)["features"]
    if walk.area.geometry:
        features["features"].append({"type": "Feature", "geometry": walk.area.geometry,
                                     "properties": {"kind": "area"}})
    return render_template(
        "walks/protocol.html", walk=walk, features=json.dumps(features),
        summary=checklist_summary(walk.observations),
        map_assets=leaflet_assets(cluster=False), tiles=tile_settings(), **_labels())


@bp.get("/staff/walks/<int:walk_id>.geojson")
@role_required(*VIEW_ROLES)
def export_geojson(walk_id: int) -> Response:
    """The observations as GeoJSON (RFC 7946, Points only) for GIS tools."""
    walk = visible_walk(walk_id)
    body = json.dumps(walk_geojson(walk, _language()), ensure_ascii=False)
    record(current_user, "export", f"walk {walk.id} GeoJSON")
    return send_download(body, GEOJSON_TYPE, f"vandring-{walk.id}-{walk.date}.geojson")


@bp.get("/staff/walks/<int:walk_id>-route.geojson")
@role_required(*VIEW_ROLES)
def export_route(walk_id: int) -> Response:
    """The walk's route as GeoJSON (one LineString; its own file, as GIS layers hold one
    geometry type)."""
    walk = visible_walk(walk_id)
    if not walk.route:
        abort(404)
    body = json.dumps(route_geojson(walk), ensure_ascii=False)
    record(current_user, "export", f"walk {walk.id} route GeoJSON")
    return send_download(body, GEOJSON_TYPE, f"vandring-{walk.id}-{walk.date}-rutt.geojson")


@bp.get("/staff/walks/<int:walk_id>.csv")
@role_required(*VIEW_ROLES)
def export_csv(walk_id: int) -> Response:
    """The observations as CSV for Excel with Swedish settings (``?format=rfc4180``: plain
    RFC 4180)."""
    walk = visible_walk(walk_id)
    dialect = requested_dialect()
    record(current_user, "export", f"walk {walk.id} CSV")
    return send_download(walk_csv(walk, _language(), dialect), "text/csv",
                     f"vandring-{walk.id}-{walk.date}.csv")

