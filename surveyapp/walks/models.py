"""Safety walks and the observations participants record on them.

Privacy: participants are anonymous. No name, contact, IP address or device is stored with an
observation; a participant's session only remembers which walk they joined.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveyapp.db import Model
from surveyapp.geo.models import Area
from surveyapp.photos import StoredPhoto

if TYPE_CHECKING:  # both packages import this module (through the walk forms and the links)
    from surveyapp.actions.models import Action
    from surveyapp.organisations.models import Organisation


class WalkStatus(StrEnum):
    """Whether participants may still join a walk (stored as its value in ``walk.status``)."""

    OPEN = "open"
    CLOSED = "closed"

Day = date
"""``date`` under another name, for columns of :class:`Walk`, whose own ``date`` hides it."""

SEVERITIES = (1, 2, 3)

CHECKLIST = ("lighting", "visibility", "openness", "people", "upkeep", "wayfinding",
             "ways_out", "transport", "feeling")
"""The checklist parameters scored at each stop (Safetipin-style: 1 = very poor, 5 = very good);
the labels are in :mod:`surveyapp.walks.labels`."""

SCORES = (1, 2, 3, 4, 5)


class Light(StrEnum):
    """The light at a stop when the observation was made."""

    DAYLIGHT = "daylight"
    DUSK = "dusk"
    DARK = "dark"


walk_invitee = Table(
    "walk_invitee",
    Model.metadata,
    Column("walk_id", ForeignKey("walk.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisation.id", ondelete="CASCADE"),
           primary_key=True),
)
"""Organisations invited to the walk at the förmöte (step 1)."""

walk_agreed_action = Table(
    "walk_agreed_action",
    Model.metadata,
    Column("walk_id", ForeignKey("walk.id", ondelete="CASCADE"), primary_key=True),
    Column("action_id", ForeignKey("action.id", ondelete="CASCADE"), primary_key=True),
)
"""Actions agreed at the uppföljande möte (step 3)."""


class Walk(Model):
    """A trygghetsvandring in an area, led by a staff member, joined with a short code."""

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id"), index=True)
    date: Mapped[date]
    meeting_point: Mapped[str] = mapped_column(String(300))
    leader_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    join_code: Mapped[str] = mapped_column(String(16), unique=True)
    status: Mapped[str] = mapped_column(String(16), default=WalkStatus.OPEN)
    route: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    observation_count: Mapped[int] = mapped_column(default=0, server_default="0")
    """How many observations were numbered on this walk (the next gets this plus one)."""
    # Step 1, förmöte: why the walk, who is invited, what was planned.
    purpose: Mapped[str] = mapped_column(Text, default="", server_default="")
    planning_date: Mapped[Day | None]
    planning_notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    other_invitees: Mapped[str] = mapped_column(String(500), default="", server_default="")
    # Step 3, uppföljande möte: when, what was said and which actions were agreed.
    follow_up_date: Mapped[Day | None]
    follow_up_notes: Mapped[str] = mapped_column(Text, default="", server_default="")

    area: Mapped[Area] = relationship()
    invitees: Mapped[list[Organisation]] = relationship(
        secondary=walk_invitee, order_by="Organisation.name")
    agreed_actions: Mapped[list[Action]] = relationship(
        secondary=walk_agreed_action, order_by="Action.id")
    observations: Mapped[list[Observation]] = relationship(
        back_populates="walk", order_by="Observation.number", cascade="all, delete-orphan"
    )

    @property
    def is_open(self) -> bool:
        """Whether participants may still join and record observations."""
        return self.status == WalkStatus.OPEN


class Observation(Model):
    """One thing a participant noticed at a stop: where, what, how serious, what would help,
    the checklist scores and the light; ``number`` counts from 1 within its walk."""

    __table_args__ = (Index("uq_observation_walk_number", "walk_id", "number", unique=True),
                      Index("uq_observation_walk_client_key", "walk_id", "client_key",
                            unique=True))

    id: Mapped[int] = mapped_column(primary_key=True)
    walk_id: Mapped[int] = mapped_column(ForeignKey("walk.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    lat: Mapped[float | None]
    lng: Mapped[float | None]
    place_description: Mapped[str] = mapped_column(String(500), default="")
    category: Mapped[str] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(Text)
    severity: Mapped[int]
    proposal: Mapped[str] = mapped_column(Text, default="")
    scores: Mapped[dict[str, int] | None] = mapped_column(JSON, default=dict)
    """Checklist scores by parameter of :data:`CHECKLIST`; a parameter not scored is absent
    (None on observations from before the checklist)."""
    light: Mapped[str | None] = mapped_column(String(16))
    observed_at: Mapped[datetime | None]
    """When the observation was saved (UTC, to the minute)."""
    client_key: Mapped[str | None] = mapped_column(String(64))
    """A random key the participant's phone made for this observation, so a form sent twice
    (again after a lost connection, or from the offline queue) is saved once. It says nothing
    about the phone: a new key is drawn for every observation."""

    walk: Mapped[Walk] = relationship(back_populates="observations")
    photos: Mapped[list[ObservationPhoto]] = relationship(
        back_populates="observation", cascade="all, delete-orphan", passive_deletes=True,
        order_by="ObservationPhoto.id")

    @property
    def position(self) -> tuple[float, float] | None:
        """``(lat, lng)`` when the observation has map coordinates (otherwise only a place
        description)."""
        if self.lat is None or self.lng is None:
            return None
        return self.lat, self.lng

    @property
    def has_position(self) -> bool:
        """Whether the observation has map coordinates (otherwise only a place description)."""
        return self.position is not None



class ObservationPhoto(StoredPhoto, Model):
    """A photo a participant took with an observation: re-encoded as JPEG on upload (at most
    :data:`surveyapp.photos.LONGEST_SIDE` pixels, every EXIF and GPS field gone). Shown
    to staff only; deleted with its observation and after ``RETENTION_PHOTO_DAYS``."""

    id: Mapped[int] = mapped_column(primary_key=True)
    observation_id: Mapped[int] = mapped_column(
        ForeignKey("observation.id", ondelete="CASCADE"), index=True)

    observation: Mapped[Observation] = relationship(back_populates="photos")
