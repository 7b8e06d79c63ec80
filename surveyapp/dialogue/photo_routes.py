"""Photos on pins: public once a moderator approved the pin with its photo; moderators see
them in the queue before that. (Residents send them with the pin form, where the dialogue
allows photos.)"""

from __future__ import annotations

from flask import Response, abort
from sqlalchemy import select

from surveyapp.auth.models import Role
from surveyapp.auth.permissions import public, role_required
from surveyapp.db import db
from surveyapp.dialogue import bp
from surveyapp.dialogue.models import Dialogue, Pin, PinPhoto, PinStatus

PUBLIC_MAX_AGE = 300
"""Seconds a browser may keep a public photo: a moderator may still take it away."""


def _jpeg(photo: PinPhoto, public: bool) -> Response:
    """The photo; a public one cached briefly, a moderator's copy never kept."""
    response = Response(photo.data, mimetype="image/jpeg")
    if public:
        response.cache_control.public = True
        response.cache_control.max_age = PUBLIC_MAX_AGE
    else:
        response.cache_control.private = True
        response.cache_control.no_store = True
    return response


@bp.get("/karta/<slug>/pins/<int:pin_id>/photos/<int:photo_id>.jpg")
@public
def pin_photo(slug: str, pin_id: int, photo_id: int) -> Response:
    """A photo of an approved pin (404 for a pin still waiting or rejected)."""
    photo = db.session.scalar(
        select(PinPhoto).join(Pin).join(Dialogue, Pin.dialogue_id == Dialogue.id)
        .where(PinPhoto.id == photo_id, Pin.id == pin_id, Dialogue.slug == slug,
               Pin.status == PinStatus.APPROVED))
    if photo is None:
        abort(404)
    return _jpeg(photo, public=True)


@bp.get("/staff/moderation/photos/<int:photo_id>.jpg")
@role_required(Role.MODERATOR)
def moderation_photo(photo_id: int) -> Response:
    """Any pin photo, for the moderation queue; never kept by a cache."""
    photo = db.session.get(PinPhoto, photo_id)
    if photo is None:
        abort(404)
    return _jpeg(photo, public=False)
