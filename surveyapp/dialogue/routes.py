"""Public routes of the dialogue: the map page, its JSON, adding pins and "me too"."""

from __future__ import annotations

from datetime import date, datetime

from flask import (
    abort,
    current_app,
    flash,
    jsonify,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _

from questionnaires.categories import dialogue_vocabulary
from surveyapp.auth.permissions import public
from surveyapp.dialogue import bp, models  # noqa: F401
from surveyapp.dialogue.forms import PinForm, read_pin_form
from surveyapp.dialogue.models import Dialogue
from surveyapp.dialogue.ratelimit import allow
from surveyapp.dialogue.services import (
    PinRejected,
    add_me_too,
    add_pin,
    compact_pins,
    find_dialogue,
    public_pin,
    recent_comments,
    summary,
)
from surveyapp.geo.maps import leaflet_assets, tile_settings
from surveyapp.prg import see_other
from surveyapp.surveys.models import Campaign


def _language() -> str:
    return str(get_locale() or "sv")


def _dialogue(slug: str) -> Dialogue:
    dialogue = find_dialogue(slug)
    if dialogue is None:
        abort(404)
    return dialogue


def _allowed(scope: str) -> bool:
    limit = int(current_app.config.get("DIALOGUE_RATE_LIMIT", 30))
    return allow(scope, request.remote_addr or "", limit, datetime.now())


def _page(dialogue: Dialogue, form: PinForm | None = None, status: int = 200):
    html = render_template(
        "dialogue/map.html",
        dialogue=dialogue,
        form=form or PinForm(),
        vocabulary=dialogue_vocabulary(),
        summary=summary(dialogue),
        comments=recent_comments(dialogue),
        assets=leaflet_assets(cluster=True, heat=True),
        tiles=tile_settings(),
        is_open=dialogue.is_open(date.today()),
        lang=_language(),
    )
    return html, status


@bp.get("/karta/<slug>")
@public
def map_page(slug: str):
    """The public map: approved pins, the add-pin form and the list alternative."""
    return _page(_dialogue(slug))


@bp.post("/karta/<slug>/pins")
@public
def add(slug: str):
    """Add a pin from the form (works with and without the map)."""
    dialogue = _dialogue(slug)
    form = read_pin_form(request.form)
    if not _allowed("pin"):
        form.errors["position"] = _("You have added many places in a short time. Try again later.")
        return _page(dialogue, form, 429)
    try:
        pin = add_pin(dialogue, form, date.today())
    except PinRejected as rejected:
        form.errors = rejected.errors
        return _page(dialogue, form, 422)
    if pin.status == "approved":
        flash(_("Thank you! The place is now on the map."))
    else:
        flash(_("Thank you! The place will be shown when a moderator has read your text."))
    return see_other(url_for("dialogue.map_page", slug=slug, _anchor="added"))


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


@bp.get("/karta/<slug>/pins.json")
@public
def pins_json(slug: str):
    """All approved pins in compact form (see ``compact_pins``)."""
    response = jsonify(compact_pins(_dialogue(slug)))
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
    vocabulary, lang = dialogue_vocabulary(), _language()
    category = vocabulary.category(pin.category)
    time_of_day = vocabulary.time_of_day(pin.time_of_day or "")
    return jsonify(
        id=pin.id,
        category=category.text(lang) if category else pin.category,
        time_of_day=time_of_day.text(lang) if time_of_day else None,
        area=pin.area.name if pin.area else None,
        place=pin.place_description,
        comment=pin.comment,
        me_too=pin.me_too,
    )


def _feature_collection(areas) -> dict:
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"code": a.code, "name": a.name},
             "geometry": a.geometry}
            for a in areas if a.geometry
        ],
    }


@bp.get("/karta/<slug>/areas.geojson")
@public
def areas_geojson(slug: str):
    """The dialogue's areas (its boundary) as GeoJSON."""
    return jsonify(_feature_collection(_dialogue(slug).areas))


@bp.get("/karta/enkat/<slug>/areas.geojson")
@public
def campaign_areas_geojson(slug: str):
    """A survey campaign's areas, for the map in place questions."""
    from surveyapp.db import db

    campaign = db.session.scalar(db.select(Campaign).where(Campaign.slug == slug))
    if campaign is None:
        abort(404)
    return jsonify(_feature_collection(campaign.areas))


@bp.app_template_global()
def place_areas_url() -> str:
    """For the survey's place question: the current campaign's areas as GeoJSON."""
    slug = (request.view_args or {}).get("slug", "")
    return url_for("dialogue.campaign_areas_geojson", slug=slug)


@bp.app_template_global()
def map_assets() -> dict[str, list[str]]:
    """Local Leaflet files for maps in other features' templates."""
    return leaflet_assets(cluster=False)


from surveyapp.dialogue import moderation_routes  # noqa: E402,F401
