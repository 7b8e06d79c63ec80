"""Operations on actions. They flush; the request commits."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from surveyapp.actions.models import Action, ActionStatusChange
from surveyapp.db import db
from surveyapp.dialogue.models import Pin, PinStatus
from surveyapp.geo.models import Area
from surveyapp.walks.models import Observation

EDITABLE = ("title", "description", "organisation_id", "status", "rejection_reason", "due",
            "public_feedback", "area_id")


class LinkError(Exception):
    """A selected observation or pin does not exist, or a pin is not approved."""


def observations(ids: list[int]) -> list[Observation]:
    """The observations with these ids (all must exist)."""
    if not ids:
        return []
    found = list(db.session.scalars(
        select(Observation).where(Observation.id.in_(ids)).order_by(Observation.id)))
    if len(found) != len(set(ids)):
        raise LinkError
    return found


def approved_pins(ids: list[int]) -> list[Pin]:
    """The pins with these ids; only moderator-approved pins can become actions."""
    if not ids:
        return []
    found = list(db.session.scalars(
        select(Pin).where(Pin.id.in_(ids), Pin.status == PinStatus.APPROVED).order_by(Pin.id)))
    if len(found) != len(set(ids)):
        raise LinkError
    return found


def pins_to_choose(limit: int = 100) -> list[Pin]:
    """Approved pins, newest first, to pick from when creating an action."""
    return list(db.session.scalars(
        select(Pin).where(Pin.status == PinStatus.APPROVED)
        .order_by(Pin.created_on.desc(), Pin.id.desc()).limit(limit)))


def common_area(items: list[Observation], pins: list[Pin]) -> int | None:
    """The one area all linked observations and pins lie in, if there is one."""
    found = {item.walk.area_id for item in items} | {pin.area_id for pin in pins}
    return found.pop() if len(found) == 1 else None


def create_action(values: dict[str, Any], linked: list[Observation], pins: list[Pin],
                  today: date, user_id: int | None = None) -> Action:
    """A new action linked to observations and pins; its first status starts the history."""
    action = Action(**{name: values[name] for name in EDITABLE}, updated_on=today)
    action.history = [ActionStatusChange(status=action.status, changed_on=today,
                                         comment=values.get("status_comment", ""),
                                         user_id=user_id)]
    if action.area_id is None:
        action.area_id = common_area(linked, pins)
    action.observations = list(linked)
    action.pins = list(pins)
    db.session.add(action)
    db.session.flush()
    return action


def update_action(action: Action, values: dict[str, Any], today: date,
                  user_id: int | None = None) -> None:
    """Change an action's fields (the links stay); a new status, or a comment on the status,
    adds a dated step to its history."""
    if values["status"] != action.status or values.get("status_comment"):
        action.history.append(ActionStatusChange(
            status=values["status"], changed_on=today, comment=values.get("status_comment", ""),
            user_id=user_id))
    for name in EDITABLE:
        setattr(action, name, values[name])
    action.updated_on = today
    db.session.flush()


def get_action(action_id: int) -> Action | None:
    """The action with this id."""
    return db.session.get(Action, action_id)


def list_actions(area_id: int | None = None,
                 organisation_id: int | None = None) -> list[Action]:
    """Actions (optionally in one area, of one organisation), by area name then newest change
    first."""
    query = (
        select(Action)
        .outerjoin(Area, Action.area_id == Area.id)
        .options(joinedload(Action.area), joinedload(Action.organisation),
                 selectinload(Action.pins),
                 selectinload(Action.observations).joinedload(Observation.walk))
    )
    if area_id is not None:
        query = query.where(Action.area_id == area_id)
    if organisation_id is not None:
        query = query.where(Action.organisation_id == organisation_id)
    return list(db.session.scalars(
        query.order_by(Area.name.is_(None), Area.name, Action.updated_on.desc(), Action.id.desc())
    ))


def areas_with_actions() -> list[Area]:
    """Areas that have at least one action, by name (for the public filter)."""
    return list(db.session.scalars(
        select(Area).where(Area.id.in_(select(Action.area_id))).order_by(Area.name)))


def all_areas() -> list[Area]:
    """Every area, by name."""
    return list(db.session.scalars(select(Area).order_by(Area.name)))
