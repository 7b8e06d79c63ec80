"""Walk photos for staff: shown on the walk page and the protocol, and removed by a walk
leader (a face or a number plate in the picture). Residents never see them."""

from __future__ import annotations

from flask import Response, abort, redirect, url_for
from flask_login import current_user
from sqlalchemy import select

from surveyapp.auth.audit import record
from surveyapp.auth.models import Role
from surveyapp.auth.permissions import role_required
from surveyapp.db import db
from surveyapp.walks import bp
from surveyapp.walks.models import Observation, ObservationPhoto
from surveyapp.walks.permissions import VIEW_ROLES, can_manage_walk
from surveyapp.walks.staff import visible_walk


def _photo(walk_id: int, photo_id: int) -> ObservationPhoto:
    """The photo, if it belongs to a walk this staff member may see (404 otherwise)."""
    visible_walk(walk_id)
    photo = db.session.scalar(
        select(ObservationPhoto).join(Observation)
        .where(ObservationPhoto.id == photo_id, Observation.walk_id == walk_id))
    if photo is None:
        abort(404)
    return photo


@bp.get("/staff/walks/<int:walk_id>/photos/<int:photo_id>.jpg")
@role_required(*VIEW_ROLES)
def staff_photo(walk_id: int, photo_id: int) -> Response:
    """The photo (JPEG, metadata already stripped on upload), never kept by a shared cache."""
    photo = _photo(walk_id, photo_id)
    response = Response(photo.data, mimetype="image/jpeg")
    response.cache_control.private = True
    response.cache_control.no_store = True
    return response


@bp.post("/staff/walks/<int:walk_id>/photos/<int:photo_id>/delete")
@role_required(Role.WALK_LEADER)
def staff_delete_photo(walk_id: int, photo_id: int):
    """Delete a photo (the walk's leader or an admin); the observation stays."""
    photo = _photo(walk_id, photo_id)
    observation = photo.observation
    if not can_manage_walk(current_user, observation.walk):
        abort(403)
    number = observation.number
    db.session.delete(photo)
    db.session.flush()
    record(current_user, "walk_photo_deleted", f"walk {walk_id} observation {number}")
    return redirect(url_for("walks.staff_walk", walk_id=walk_id) + f"#observation-{number}")
