"""Åtgärder: what is done about the places residents and walks pointed out."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import Column, Date, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveyapp.db import Model, db
from surveyapp.geo.models import Area
from surveyapp.organisations.models import Organisation
from surveyapp.walks.models import Observation

if TYPE_CHECKING:  # the dialogue package imports the action labels for closed maps
    from surveyapp.dialogue.models import Pin


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
    """An action with a responsible organisation, a status (and its history) and feedback that
    residents see."""

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), index=True)
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
    organisation: Mapped[Organisation] = relationship()
    history: Mapped[list[ActionStatusChange]] = relationship(
        order_by="ActionStatusChange.id", cascade="all, delete-orphan",
        back_populates="action")
    observations: Mapped[list[Observation]] = relationship(
        secondary=action_observation, order_by=Observation.id
    )
    pins: Mapped[list[Pin]] = relationship(secondary=action_pin, order_by="Pin.id")

    def positions(self) -> list[tuple[float, float]]:
        """``(lat, lng)`` of the linked pins and located observations."""
        points = [(pin.lat, pin.lng) for pin in self.pins]
        points += [point for item in self.observations if (point := item.position) is not None]
        return points


class ActionStatusChange(Model):
    """One step of an action's status: what it became, on which day, why, and by whom."""

    __tablename__ = "action_status_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"),
                                           index=True)
    status: Mapped[str] = mapped_column(String(16))
    changed_on: Mapped[date] = mapped_column(Date)
    comment: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    action: Mapped[Action] = relationship(back_populates="history")
