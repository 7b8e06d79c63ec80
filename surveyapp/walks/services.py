"""Operations on walks and observations. They flush; the request commits."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select

from surveyapp.auth.models import utcnow
from surveyapp.db import db
from surveyapp.entry_keys import add_once, stored_entry
from surveyapp.geo.models import Area
from surveyapp.photos import CleanPhoto
from surveyapp.walks.joining import (
    claim_attempt,
    client_key,
    give_back_attempt,
    new_join_code,
    normalise_join_code,
)
from surveyapp.walks.models import Observation, ObservationPhoto, Walk, WalkStatus


class JoinRefusal(StrEnum):
    """Why a participant cannot join a walk."""

    EMPTY = "empty"
    UNKNOWN = "unknown"
    CLOSED = "closed"
    LIMITED = "limited"


class JoinError(Exception):
    """A participant cannot join; ``reason`` says why."""

    def __init__(self, reason: JoinRefusal) -> None:
        super().__init__(reason)
        self.reason = reason


class WalkClosed(Exception):
    """The walk no longer takes observations."""


def areas() -> list[Area]:
    """Areas a walk can be held in, by name."""
    return list(db.session.scalars(select(Area).order_by(Area.name)))


def create_walk(leader_id: int | None, values: dict[str, Any]) -> Walk:
    """A new open walk with a fresh join code not used by any other walk."""
    code = new_join_code()
    while db.session.scalar(select(Walk.id).where(Walk.join_code == code)) is not None:
        code = new_join_code()
    walk = Walk(
        area_id=values["area_id"],
        date=values["date"],
        meeting_point=values["meeting_point"],
        route=values.get("route"),
        leader_id=leader_id,
        join_code=code,
        status=WalkStatus.OPEN,
    )
    db.session.add(walk)
    db.session.flush()
    return walk


def list_walks(leader_id: int | None = None) -> list[Walk]:
    """All walks, or only those led by ``leader_id``; newest first."""
    query = select(Walk).order_by(Walk.date.desc(), Walk.id.desc())
    if leader_id is not None:
        query = query.where(Walk.leader_id == leader_id)
    return list(db.session.scalars(query))


def get_walk(walk_id: int | None) -> Walk | None:
    """The walk with this id."""
    return db.session.get(Walk, walk_id) if walk_id is not None else None


def join_walk(typed_code: str, secret: str, address: str | None, now: datetime) -> Walk:
    """The open walk whose code was typed; wrong codes count against the client's limit.

    The attempt is claimed before the code is looked up and given back unless the code is
    unknown (:mod:`surveyapp.walks.joining`); the route returns the refusal as a page, so the
    claim is committed.
    """
    code = normalise_join_code(typed_code)
    if not code:
        raise JoinError(JoinRefusal.EMPTY)
    key = client_key(secret, address)
    if not claim_attempt(key, now):
        raise JoinError(JoinRefusal.LIMITED)
    walk = db.session.scalar(select(Walk).where(Walk.join_code == code))
    if walk is None:
        raise JoinError(JoinRefusal.UNKNOWN)
    give_back_attempt(key, now)
    if not walk.is_open:
        raise JoinError(JoinRefusal.CLOSED)
    return walk


def add_observation(walk: Walk, values: dict[str, Any], now: datetime | None = None,
                    photo: CleanPhoto | None = None, key: str | None = None) -> Observation:
    """Record a checked observation on an open walk; it gets the walk's next number
    (:mod:`surveyapp.walks.numbering`) and the time, to the minute. ``key`` is the phone's
    key for this entry: an entry sent again with the same key returns the observation already
    saved, and nothing new is written (also when both arrive at the same moment)."""
    if not walk.is_open:
        raise WalkClosed
    if (saved := stored_entry(Observation, Observation.walk_id, walk.id, key)) is not None:
        return saved
    observed = (now or utcnow()).replace(second=0, microsecond=0)
    observation = Observation(
        walk_id=walk.id,
        lat=values.get("lat"),
        lng=values.get("lng"),
        place_description=values.get("place_description", ""),
        category=values["category"],
        description=values["description"],
        severity=values["severity"],
        proposal=values.get("proposal", ""),
        scores=dict(values.get("scores") or {}),
        light=values.get("light"),
        observed_at=observed,
        client_key=key or None,
    )
    if photo is not None:
        observation.photos.append(ObservationPhoto(data=photo.data, width=photo.width,
                                                   height=photo.height,
                                                   created_at=now or utcnow()))
    return add_once(observation, Observation.walk_id, walk.id)


def observations_by_id(walk: Walk, ids: list[int]) -> list[Observation]:
    """The walk's observations among ``ids`` (a participant's own, kept in their session)."""
    if not ids:
        return []
    return list(db.session.scalars(
        select(Observation)
        .where(Observation.walk_id == walk.id, Observation.id.in_(ids))
        .order_by(Observation.number)
    ))


def close_walk(walk: Walk) -> None:
    """Close the walk: nobody can join or add observations any more."""
    walk.status = WalkStatus.CLOSED
    db.session.flush()


def reopen_walk(walk: Walk) -> None:
    """Open a closed walk again (a leader closed it too early)."""
    walk.status = WalkStatus.OPEN
    db.session.flush()

