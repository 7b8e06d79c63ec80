"""Dialogue pins: adding, "me too", what the public sees, and moderation. Only flushes."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select, update

from surveyapp.auth.models import utcnow
from surveyapp.db import db, rowcount
from surveyapp.dialogue.flags import personal_data_flags
from surveyapp.dialogue.forms import PinForm
from surveyapp.dialogue.models import (
    Dialogue,
    ModerationRule,
    Pin,
    PinPhoto,
    PinSource,
    PinStatus,
)
from surveyapp.entry_keys import add_once, stored_entry
from surveyapp.geo.geometry import interior_point
from surveyapp.geo.models import Area
from surveyapp.geo.services import area_at
from surveyapp.photos import CleanPhoto

DECISIONS = ("approve", "approve_without_text", "reject")


class PinRejected(ValueError):
    """The pin cannot be stored; ``errors`` maps form fields to messages."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def find_dialogue(slug: str) -> Dialogue | None:
    """The dialogue with ``slug``."""
    return db.session.scalar(select(Dialogue).where(Dialogue.slug == slug))


def add_pin(dialogue: Dialogue, form: PinForm, today: date, key: str | None = None,
            photo: CleanPhoto | None = None) -> Pin:
    """Store a resident's pin, or raise PinRejected (nothing stored). ``key`` is the browser's
    key for this entry: a pin sent again with the same key returns the pin already stored.
    A ``photo`` is kept where the dialogue allows photos, and makes the pin wait for a
    moderator as text does.

    Moderation rule (``dialogue.moderation``): with ``text_waits`` a pin without free text
    (position, category, time of day) is public at once and a pin with a comment or place
    description waits, as a whole, for a moderator; with ``all_wait`` every pin waits. A
    comment is dropped when the dialogue does not allow comments.
    """
    if (stored := stored_entry(Pin, Pin.dialogue_id, dialogue.id, key)) is not None:
        return stored
    errors = dict(form.errors)
    if not dialogue.is_open(today):
        errors["position"] = _("This map is closed for new places.")
    area = _place_area(dialogue, form, errors)
    if errors:
        raise PinRejected(errors)
    assert area is not None
    if form.lat is not None and form.lng is not None:
        lat, lng = form.lat, form.lng
    else:
        # without a point _place_area only accepts an area that has a boundary
        assert area.geometry is not None
        lat, lng = interior_point(area.geometry)
    comment = form.comment if dialogue.comments_allowed else None
    photo = photo if dialogue.photos_allowed else None
    waits = (dialogue.moderation == ModerationRule.ALL_WAIT
             or bool(comment or form.place_description or photo))
    pin = Pin(
        source=PinSource.DIALOGUE,
        dialogue=dialogue,
        lat=round(lat, 6),
        lng=round(lng, 6),
        area_id=area.id,
        area_only=form.lat is None or form.lng is None,
        category=form.category,
        time_of_day=form.time_of_day,
        place_description=form.place_description,
        comment=comment,
        status=PinStatus.PENDING if waits else PinStatus.APPROVED,
        flags=personal_data_flags(form.place_description, comment),
        me_too=0,
        created_on=today,
        client_key=key or None,
    )
    if photo is not None:
        pin.photos.append(PinPhoto(data=photo.data, width=photo.width, height=photo.height,
                                   created_at=utcnow()))
    return add_once(pin, Pin.dialogue_id, dialogue.id)


def _place_area(dialogue: Dialogue, form: PinForm, errors: dict[str, str]) -> Area | None:
    if "position" in errors:
        return None
    if form.lat is not None and form.lng is not None:
        area = area_at(dialogue.areas, form.lat, form.lng)
        if area is None:
            errors["position"] = _(
                "That place is outside the area of this map (%(name)s). Choose a place inside "
                "the outlined areas, or choose an area from the list.",
                name=dialogue.name,
            )
        return area
    area = next((a for a in dialogue.areas if a.code == form.area_code and a.geometry), None)
    if area is None:
        errors["area"] = _("Choose an area from the list.")
    return area


def add_me_too(dialogue: Dialogue, pin_id: int) -> bool:
    """Count one more resident who agrees with a public pin; False for unknown/hidden pins
    and on dialogues that do not show "me too"."""
    if not dialogue.me_too_shown:
        return False
    result = db.session.execute(
        update(Pin)
        .where(Pin.id == pin_id, Pin.dialogue_id == dialogue.id, Pin.status == PinStatus.APPROVED)
        .values(me_too=Pin.me_too + 1)
    )
    return rowcount(result) == 1


def public_pin(dialogue: Dialogue, pin_id: int) -> Pin | None:
    """An approved pin of the dialogue, or None."""
    return db.session.scalar(
        select(Pin).where(Pin.id == pin_id, Pin.dialogue_id == dialogue.id,
                          Pin.status == PinStatus.APPROVED)
    )


def summary(dialogue: Dialogue) -> dict[str, Any]:
    """Approved pins counted by area and category (the map's text alternative)."""
    rows = db.session.execute(
        select(Pin.area_id, Pin.category)
        .where(Pin.dialogue_id == dialogue.id, Pin.status == PinStatus.APPROVED)
    )
    counts = Counter((area_id, category) for area_id, category in rows)
    return {"counts": counts, "total": sum(counts.values())}


def recent_comments(dialogue: Dialogue, limit: int = 30) -> list[Pin]:
    """The newest approved pins with a comment, a place description or a photo."""
    return list(db.session.scalars(
        select(Pin)
        .where(Pin.dialogue_id == dialogue.id, Pin.status == PinStatus.APPROVED,
               (Pin.comment.is_not(None)) | (Pin.place_description.is_not(None))
               | Pin.photos.any())
        .order_by(Pin.id.desc())
        .limit(limit)
    ))


def dialogue_actions(dialogue: Dialogue) -> list[Any]:
    """The actions staff linked to pins of ``dialogue`` ("what happened to our pins")."""
    from surveyapp.actions.models import Action, action_pin

    return list(db.session.scalars(
        select(Action)
        .where(Action.id.in_(
            select(action_pin.c.action_id).join(Pin, Pin.id == action_pin.c.pin_id)
            .where(Pin.dialogue_id == dialogue.id)))
        .order_by(Action.updated_on.desc(), Action.id.desc())
    ))


def pending_pins(limit: int = 100) -> list[Pin]:
    """Pins waiting for a moderator, oldest first."""
    return list(db.session.scalars(
        select(Pin).where(Pin.status == PinStatus.PENDING).order_by(Pin.id).limit(limit)
    ))


def pending_pin(pin_id: int) -> Pin | None:
    """The pin ``pin_id`` if it still waits for a moderator."""
    pin = db.session.get(Pin, pin_id)
    return pin if pin is not None and pin.status == PinStatus.PENDING else None


def moderate(pin: Pin, decision: str, reason: str | None) -> None:
    """Apply a moderator's decision. Text a moderator turns down is deleted, not kept.

    ``approve``: the pin, its text and its photo become public. ``approve_without_text``: the
    pin becomes public, its comment, description and photo are deleted. ``reject``: the pin is
    never public and its text and photo are deleted; the reason is kept for the record.
    """
    if decision not in DECISIONS:
        raise ValueError(f"unknown decision {decision!r}")
    if decision == "approve":
        pin.status = PinStatus.APPROVED
    else:
        pin.comment = pin.place_description = None
        pin.photos.clear()
        pin.status = (PinStatus.APPROVED if decision == "approve_without_text"
                      else PinStatus.REJECTED)
        pin.reject_reason = (reason or "")[:200] or None
    pin.flags = []
    db.session.flush()


def ensure_demo_dialogue(areas: list[Area], today: date, slug: str = "trygghet-2026") -> Dialogue:
    """The demo dialogue over the demo areas, open around ``today``."""
    dialogue = find_dialogue(slug)
    if dialogue is None:
        dialogue = Dialogue(slug=slug, name="Trygghetskartan 2026",
                            titles={"sv": "Trygghetskartan 2026"})
        db.session.add(dialogue)
    dialogue.opens, dialogue.closes = today - timedelta(days=14), today + timedelta(days=60)
    dialogue.areas = list(areas)
    db.session.flush()
    return dialogue
