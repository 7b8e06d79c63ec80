"""Åtgärder: what is done about the places residents and walks pointed out."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import Column, Date, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveyapp.db import Model, db
from surveyapp.geo.models import Area
from surveyapp.walks.models import Observation

if TYPE_CHECKING:  # the dialogue package imports the action labels for closed maps
    from surveyapp.dialogue.models import Pin


class Actor(StrEnum):
    """Who is responsible for an action (stored as its value in ``action.responsible_actor``)."""

    FORVALTNING = "forvaltning"
    BOSTADSBOLAG = "bostadsbolag"
    POLIS = "polis"
    FASTIGHETSAGARE = "fastighetsagare"
    TRAFIKVERKET = "trafikverket"
    ANNAN = "annan"


class ActionStatus(StrEnum):
    """Where an action stands (stored as its value in ``action.status``); ``REJECTED`` is shown
    as "not carried out" and needs a reason."""

    PROPOSED = "proposed"
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    REJECTED = "rejected"


action_observation = Table(
    "action_observation",
    db.metadata,
    Column("action_id", ForeignKey("action.id", ondelete="CASCADE"), primary_key=True),
    Column("observation_id", ForeignKey("observation.id", ondelete="CASCADE"), primary_key=True),
)

action_pin = Table(
    "action_pin",
    db.metadata,
    Column("action_id", ForeignKey("action.id", ondelete="CASCADE"), primary_key=True),
    Column("pin_id", ForeignKey("pin.id", ondelete="CASCADE"), primary_key=True),
)


class Action(Model):
    """An action with a responsible actor, a status and feedback that residents see."""

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    responsible_actor: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(
        String(16), default=ActionStatus.PROPOSED, index=True
    )
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    due: Mapped[date | None] = mapped_column(Date)
    public_feedback: Mapped[str] = mapped_column(Text, default="")
    area_id: Mapped[int | None] = mapped_column(
        ForeignKey("area.id", ondelete="SET NULL"), index=True
    )
    updated_on: Mapped[date] = mapped_column(Date)

    area: Mapped[Area | None] = relationship()
    observations: Mapped[list[Observation]] = relationship(
        secondary=action_observation, order_by=Observation.id
    )
    pins: Mapped[list[Pin]] = relationship(secondary=action_pin, order_by="Pin.id")

    def positions(self) -> list[tuple[float, float]]:
        """``(lat, lng)`` of the linked pins and located observations."""
        points = [(pin.lat, pin.lng) for pin in self.pins]
        points += [point for item in self.observations if (point := item.position) is not None]
        return points
