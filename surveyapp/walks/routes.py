"""Participants on their phones: join a walk with its code and record observations."""

from __future__ import annotations

import json
from typing import Any

from flask import Response, current_app, jsonify, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from surveyapp.auth.models import utcnow
from surveyapp.auth.permissions import public
from surveyapp.entry_keys import entry_key, new_entry_key
from surveyapp.geo.maps import leaflet_assets, tile_settings
from surveyapp.offline import OFFLINE_CACHE, worker_script
from surveyapp.photos import MAX_UPLOAD_BYTES, photo_from
from surveyapp.prg import see_other
from surveyapp.security import allow_upload
from surveyapp.walks import bp
from surveyapp.walks.categories import category_choices, category_label
from surveyapp.walks.forms import FormResult, read_observation, score_field
from surveyapp.walks.labels import (
    checklist_hint,
    checklist_label,
    join_message,
    light_label,
    score_label,
    severity_label,
)
from surveyapp.walks.models import CHECKLIST, SCORES, SEVERITIES, Light, Observation, Walk
from surveyapp.walks.services import (
    JoinError,
    JoinRefusal,
    WalkClosed,
    add_observation,
    get_walk,
    join_walk,
    observations_by_id,
)

STATUS_BY_REASON = {JoinRefusal.EMPTY: 422, JoinRefusal.UNKNOWN: 422, JoinRefusal.CLOSED: 410,
                    JoinRefusal.LIMITED: 429}
MAX_REMEMBERED = 200


def _language() -> str:
    return str(get_locale() or "sv")


def _current_walk() -> Walk | None:
    return get_walk(session.get("walk"))


@bp.get("/vandring")
@public
def join_form():
    """The join page: type the code the walk leader gives."""
    walk = _current_walk()
    return render_template("walks/join.html", typed=request.args.get("kod", ""),
                           current=walk if walk is not None and walk.is_open else None)


@bp.post("/vandring")
@public
def join():
    """Join the open walk with the typed code; the session remembers the walk."""
    typed = request.form.get("code", "")
    try:
        walk = join_walk(typed, current_app.config["SECRET_KEY"], request.remote_addr, utcnow())
    except JoinError as error:
        html = render_template("walks/join.html", typed=typed[:32],
                               error=join_message(error.reason), current=None)
        return html, STATUS_BY_REASON[error.reason]
    if session.get("walk") != walk.id:
        session["walk"] = walk.id
        session["walk_observations"] = []
    return see_other(url_for("walks.observe"))


@bp.route("/vandring/observera", methods=["GET", "POST"])
@public
@allow_upload(MAX_UPLOAD_BYTES + 256 * 1024)
def observe():
    """Record an observation, with an optional photo (works without JavaScript); lists the
    participant's own. The page's script (and its offline queue) asks for JSON answers."""
    walk = _current_walk()
    wants_json = request.accept_mimetypes.best == "application/json"
    if walk is None:
        if wants_json:
            return jsonify(error=_("Join the walk again with its code.")), 403
        return see_other(url_for("walks.join_form"))
    if not walk.is_open:
        if wants_json:
            return _ended_json()
        html = render_template("walks/ended.html", walk=walk)
        return html, 200 if request.method == "GET" else 409
    if request.method == "GET":
        saved = request.args.get("saved") == "1"
        return _observe_page(walk, FormResult(), saved=saved)
    result = read_observation(request.form)
    photo = photo_from(request.files, result.errors)
    if not result.ok:
        if wants_json:
            return jsonify(errors=result.errors), 422
        return _observe_page(walk, result), 422
    try:
        observation = add_observation(walk, result.values, photo=photo,
                                      key=entry_key(request.form))
    except WalkClosed:
        if wants_json:
            return _ended_json()
        return render_template("walks/ended.html", walk=walk), 409
    _remember(observation)
    if wants_json:
        return jsonify(number=observation.number), 201
    return see_other(url_for("walks.observe", saved=1))


def _ended_json() -> tuple[Response, int]:
    """The script's answer for a walk that has ended (the page says it in full)."""
    return jsonify(error=_("The walk has ended. Thank you for taking part!")), 409


def _remember(observation: Observation) -> None:
    """Keep the observation in this phone's list of its own (once, also when sent twice)."""
    own = [item for item in session.get("walk_observations") or [] if item != observation.id]
    session["walk_observations"] = [*own[-MAX_REMEMBERED + 1:], observation.id]


def _map_shapes(walk: Walk) -> str:
    """The walk's area outline and route for the marking map, as GeoJSON text."""
    features: list[dict[str, Any]] = []
    if walk.area.geometry:
        features.append({"type": "Feature", "geometry": walk.area.geometry,
                         "properties": {"kind": "area"}})
    if walk.route:
        features.append({"type": "Feature", "geometry": walk.route,
                         "properties": {"kind": "route"}})
    return json.dumps({"type": "FeatureCollection", "features": features})


def _observe_page(walk: Walk, result: FormResult, saved: bool = False) -> str:
    language = _language()
    own = observations_by_id(walk, list(session.get("walk_observations") or []))
    fields = [score_field(parameter) for parameter in CHECKLIST]
    return render_template(
        "walks/observe.html",
        walk=walk,
        result=result,
        saved=saved,
        own=own,
        categories=category_choices(language),
        category_label=lambda code: category_label(code, language),
        severities=[(level, severity_label(level)) for level in SEVERITIES],
        severity_label=severity_label,
        lights=[(item.value, light_label(item)) for item in Light],
        checklist=[(parameter, checklist_label(parameter), checklist_hint(parameter))
                   for parameter in CHECKLIST],
        scores=[(score, score_label(score)) for score in SCORES],
        checklist_errors=any(name in result.errors for name in fields),
        checklist_scored=any(result.raw.get(name) for name in fields),
        map_assets=leaflet_assets(cluster=False),
        tiles=tile_settings(),
        map_features=_map_shapes(walk),
        entry_key=new_entry_key(),
        photo_max_bytes=MAX_UPLOAD_BYTES,
        photo_max_mb=MAX_UPLOAD_BYTES // (1024 * 1024),
        offline_cache=OFFLINE_CACHE,
    )


@bp.get("/vandring/sw.js")
@public
def service_worker() -> Response:
    """The service worker for ``/vandring/``: keeps the observation page and its assets for a
    phone that opens the page without a connection."""
    return worker_script()


@bp.post("/vandring/lamna")
@public
def leave():
    """Leave the walk on this phone."""
    session.pop("walk", None)
    session.pop("walk_observations", None)
    return see_other(url_for("walks.join_form"))
