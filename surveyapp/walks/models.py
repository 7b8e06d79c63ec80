"""Safety walks and the observations participants record on them.

Privacy: participants are anonymous. No name, contact, IP address or device is stored with an
observation; a participant's session only remembers which walk they joined.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveyapp.db import Model
from surveyapp.geo.models import Area


class WalkStatus(StrEnum):
    """Whether participants may still join a walk (stored as its value in ``walk.status``)."""

    OPEN = "open"
    CLOSED = "closed"

SEVERITIES = (1, 2, 3)


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

    area: Mapped[Area] = relationship()
    observations: Mapped[list[Observation]] = relationship(
        back_populates="walk", order_by="Observation.id", cascade="all, delete-orphan"
    )

    @property
    def is_open(self) -> bool:
        """Whether participants may still join and record observations."""
        return self.status == WalkStatus.OPEN


class Observation(Model):
    """One thing a participant noticed: where, what, how serious, and what would help."""

    id: Mapped[int] = mapped_column(primary_key=True)
    walk_id: Mapped[int] = mapped_column(ForeignKey("walk.id", ondelete="CASCADE"), index=True)
    lat: Mapped[float | None]
    lng: Mapped[float | None]
    place_description: Mapped[str] = mapped_column(String(500), default="")
    category: Mapped[str] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(Text)
    severity: Mapped[int]
    proposal: Mapped[str] = mapped_column(Text, default="")

    walk: Mapped[Walk] = relationship(back_populates="observations")

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

