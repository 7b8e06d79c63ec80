"""Public routes of the dialogue: the map page, its JSON, adding pins and "me too"."""

from __future__ import annotations

from datetime import date, datetime

from flask import (
    abort,
    current_app,
    flash,
    jsonify,
    make_response,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _

from surveyapp.actions.labels import status_label
from surveyapp.auth.permissions import public
from surveyapp.dialogue import bp, models  # noqa: F401
from surveyapp.dialogue.admin_services import public_dialogues
from surveyapp.dialogue.categories import vocabulary_for
from surveyapp.dialogue.forms import PinForm, read_pin_form
from surveyapp.dialogue.models import Dialogue, PinStatus
from surveyapp.dialogue.pin_tiles import (
    BadView,
    compact_rows,
    grid_cells,
    in_view,
    parse_bbox,
    parse_zoom,
    pin_arrays,
    pins_version,
)
from surveyapp.dialogue.ratelimit import allow
from surveyapp.dialogue.services import (
    PinRejected,
    add_me_too,
    add_pin,
    dialogue_actions,
    find_dialogue,
    public_pin,
    recent_comments,
    summary,
)
from surveyapp.entry_keys import entry_key, new_entry_key
from surveyapp.geo.maps import geojson_response, leaflet_assets, tile_settings
from surveyapp.geo.services import area_features
from surveyapp.offline import OFFLINE_CACHE, worker_script
from surveyapp.photos import MAX_UPLOAD_BYTES, choose_again, photo_from
from surveyapp.prg import see_other
from surveyapp.security import allow_upload


def _language() -> str:
    return str(get_locale() or "sv")


def _dialogue(slug: str) -> Dialogue:
    dialogue = find_dialogue(slug)
    if dialogue is None:
        abort(404)
    return dialogue


def _allowed(scope: str) -> bool:
    limit = int(current_app.config["DIALOGUE_RATE_LIMIT"])
    return allow(scope, request.remote_addr or "", limit, datetime.now())


def _page(dialogue: Dialogue, form: PinForm | None = None, status: int = 200):
    today = date.today()
    closed = dialogue.is_closed(today)
    html = render_template(
        "dialogue/map.html",
        dialogue=dialogue,
        form=form or PinForm(),
        vocabulary=vocabulary_for(dialogue),
        summary=summary(dialogue),
        comments=recent_comments(dialogue),
        assets=leaflet_assets(cluster=True, heat=True),
        tiles=tile_settings(),
        is_open=dialogue.is_open(today),
        is_closed=closed,
        actions=dialogue_actions(dialogue) if closed else [],
        status_label=status_label,
        lang=_language(),
        entry_key=new_entry_key(),
        photo_max_bytes=MAX_UPLOAD_BYTES,
        photo_max_mb=MAX_UPLOAD_BYTES // (1024 * 1024),
        offline_cache=OFFLINE_CACHE,
    )
    return html, status


@bp.get("/karta")
@public
def map_list():
    """The dialogue maps residents can add places to now, and the closed ones to read."""
    open_maps, closed_maps = public_dialogues(date.today())
    return render_template("dialogue/list.html", open_maps=open_maps, closed_maps=closed_maps,
                           lang=_language())


@bp.get("/karta/<slug>")
@public
def map_page(slug: str):
    """The public map: approved pins, the add-pin form and the list alternative."""
    return _page(_dialogue(slug))


@bp.post("/karta/<slug>/pins")
@public
@allow_upload(MAX_UPLOAD_BYTES + 256 * 1024)
def add(slug: str):
    """Add a pin from the form (works with and without the map). The page's script (and its
    offline queue) asks for JSON answers and sends the browser's ``entry_key``."""
    dialogue = _dialogue(slug)
    wants_json = request.accept_mimetypes.best == "application/json"
    form = read_pin_form(request.form, vocabulary_for(dialogue))
    photo = photo_from(request.files, form.errors) if dialogue.photos_allowed else None
    if not _allowed("pin"):
        form.errors["position"] = _("You have added many places in a short time. Try again later.")
        if wants_json:
            return jsonify(errors=form.errors), 429
        return _page(dialogue, form, 429)
    try:
        pin = add_pin(dialogue, form, date.today(), entry_key(request.form), photo)
    except PinRejected as rejected:
        form.errors = rejected.errors
        if photo is not None:
            form.errors["photo"] = choose_again()
        if wants_json:
            return jsonify(errors=form.errors), 422
        return _page(dialogue, form, 422)
    if pin.status == PinStatus.APPROVED:
        flash(_("Thank you! The place is now on the map."))
    else:
        flash(_("Thank you! The place will be shown when a moderator has read your text."))
    page = url_for("dialogue.map_page", slug=slug, _anchor="added")
    if wants_json:
        return jsonify(status=str(pin.status), next=page), 201
    return see_other(page)


@bp.post("/karta/<slug>/pins/<int:pin_id>/me-too")
@public
def me_too(slug: str, pin_id: int):
    """Agree with a public pin ("me too")."""
    dialogue = _dialogue(slug)
    wants_json = request.accept_mimetypes.best == "application/json"
    if not _allowed("me_too"):
        message = _("You have added many places in a short time. Try again later.")
        if wants_json:
            return jsonify(error=message), 429
        abort(429)
    if not add_me_too(dialogue, pin_id):
        abort(404)
    if wants_json:
        pin = public_pin(dialogue, pin_id)
        return jsonify(me_too=pin.me_too if pin else 0)
    flash(_("Thank you! We have counted you."))
    return see_other(url_for("dialogue.map_page", slug=slug, _anchor="added"))


@bp.get("/karta/sw.js")
@public
def service_worker():
    """The service worker for ``/karta/``: keeps a map page, its areas, pins and assets for a
    phone that opens the map again without a connection."""
    return worker_script()


@bp.get("/karta/<slug>/pins.json")
@public
def pins_json(slug: str):
    """All approved pins as compact rows (``pin_tiles.compact_rows``) with the category codes
    listed once, for maps of up to ``MAP_POINTS_LIMIT`` pins; larger maps ask
    ``pins/grid.json`` per view."""
    dialogue = _dialogue(slug)

    def body(version: str) -> dict:
        pins = pin_arrays(dialogue, version)
        return {"categories": list(pins.codes), "pins": compact_rows(pins, in_view(pins, None))}

    return _versioned(dialogue, body)


@bp.get("/karta/<slug>/pins/grid.json")
@public
def pins_grid(slug: str):
    """The approved pins of one map view (``?zoom=`` and ``?bbox=west,south,east,north``):
    the pins themselves while at most ``MAP_POINTS_LIMIT`` lie in the view (``pins``, rows as in
    ``pins.json``), else one row per occupied grid cell (``cells``: ``[lat, lng, count]``)."""
    dialogue = _dialogue(slug)
    zoom = _view(parse_zoom, "zoom")
    bbox = _view(parse_bbox, "bbox")

    def body(version: str) -> dict:
        pins = pin_arrays(dialogue, version)
        chosen = in_view(pins, bbox)
        found = {"zoom": zoom, "total": len(pins.ids), "in_view": int(chosen.sum())}
        if found["in_view"] <= int(current_app.config["MAP_POINTS_LIMIT"]):
            return {**found, "categories": list(pins.codes), "pins": compact_rows(pins, chosen)}
        return {**found, "cells": grid_cells(pins, zoom, chosen)}

    return _versioned(dialogue, body)


def _view(parse, name: str):
    """A parsed view parameter, or a 400 naming what is wrong."""
    try:
        return parse(request.args.get(name, ""))
    except BadView as error:
        abort(make_response(jsonify(error=str(error)), 400))


def _versioned(dialogue: Dialogue, body):
    """``body(version)`` as JSON with the pins' version as ETag: a browser that has this
    version gets 304 Not Modified without the pins being read or sent again."""
    etag = pins_version(dialogue)
    if etag in request.if_none_match:  # a gzipped copy's tag too (surveyapp.compression)
        response = current_app.response_class(status=304)
    else:
        response = jsonify(body(etag))
    response.set_etag(etag)
    response.cache_control.public = True
    response.cache_control.max_age = 30
    return response


@bp.get("/karta/<slug>/pins/<int:pin_id>.json")
@public
def pin_json(slug: str, pin_id: int):
    """One approved pin with its labels and comment, for the map's popup."""
    dialogue = _dialogue(slug)
    pin = public_pin(dialogue, pin_id)
    if pin is None:
        abort(404)
    vocabulary, lang = vocabulary_for(dialogue), _language()
    category = vocabulary.category(pin.category)
    time_of_day = vocabulary.time_of_day(pin.time_of_day or "")
    return jsonify(
        id=pin.id,
        category=category.text(lang) if category else pin.category,
        time_of_day=time_of_day.text(lang) if time_of_day else None,
        area=pin.area.name if pin.area else None,
        place=pin.place_description,
        comment=pin.comment,
        me_too=pin.me_too if dialogue.me_too_shown else None,
        photos=[url_for("dialogue.pin_photo", slug=slug, pin_id=pin.id, photo_id=photo.id)
                for photo in pin.photos],
    )


@bp.get("/karta/<slug>/areas.geojson")
@public
def areas_geojson(slug: str):
    """The dialogue's areas (its boundary) as GeoJSON."""
    return geojson_response(area_features(_dialogue(slug).areas))


from surveyapp.dialogue import admin_routes, moderation_routes, photo_routes  # noqa: E402,F401
