"""Dialogues (a map residents may drop pins on), pins, and the rate-limit counters.

Privacy: a ``Pin`` stores a position, a category, an optional comment and the **date** it was
made; never who made it. Rate-limit counters hold only a salted hash that changes every window.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveyapp.db import Model, db
from surveyapp.geo.models import Area
from surveyapp.photos import StoredPhoto


class PinSource(StrEnum):
    """Where a pin was made (stored as its value in ``pin.source``)."""

    DIALOGUE = "dialogue"
    SURVEY = "survey"
    WALK = "walk"


class PinStatus(StrEnum):
    """Moderation state of a pin (stored as its value in ``pin.status``)."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"

COMMENT_MAX_LENGTH = 1000


class ModerationRule(StrEnum):
    """When a dialogue's pins wait for a moderator (stored as its value in
    ``dialogue.moderation``)."""

    TEXT_WAITS = "text_waits"  # a pin without free text is public at once, one with text waits
    ALL_WAIT = "all_wait"  # every pin waits


MODERATION_RULES = tuple(rule.value for rule in ModerationRule)

dialogue_area = Table(
    "dialogue_area",
    db.metadata,
    Column("dialogue_id", ForeignKey("dialogue.id", ondelete="CASCADE"), primary_key=True),
    Column("area_id", ForeignKey("area.id", ondelete="CASCADE"), primary_key=True),
)


class Dialogue(Model):
    """A public map for one place and period; its areas together form the boundary."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    opens: Mapped[date] = mapped_column(Date)
    closes: Mapped[date] = mapped_column(Date)
    # Title and intro per language ({"sv": ..., "en": ...}); ``name`` keeps the Swedish title.
    titles: Mapped[dict[str, str] | None] = mapped_column(JSON, default=dict)
    intros: Mapped[dict[str, str] | None] = mapped_column(JSON, default=dict)
    # None: the bundled categories; else [{"code": ..., "label": {"sv": ..., ...}}, ...].
    categories: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    comments_allowed: Mapped[bool] = mapped_column(Boolean, default=True)
    me_too_shown: Mapped[bool] = mapped_column(Boolean, default=True)
    photos_allowed: Mapped[bool] = mapped_column(Boolean, default=False,
                                                 server_default=false())
    """Residents may add a photo to a pin (it waits for a moderator, as text does)."""
    moderation: Mapped[str] = mapped_column(String(16), default=ModerationRule.TEXT_WAITS)
    closed_on: Mapped[date | None] = mapped_column(Date)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)

    areas: Mapped[list[Area]] = relationship(secondary=dialogue_area, order_by=Area.name)

    def is_open(self, today: date) -> bool:
        """Whether residents may add pins on ``today`` (staff may close a map early)."""
        return self.closed_on is None and not self.archived and self.opens <= today <= self.closes

    def is_closed(self, today: date) -> bool:
        """Whether the map has ended: closed by staff or past its closing date."""
        return self.closed_on is not None or today > self.closes

    def title(self, language: str) -> str:
        """The title in ``language``, else the Swedish one."""
        return (self.titles or {}).get(language) or self.name

    def intro(self, language: str) -> str:
        """The intro in ``language``, else the Swedish one (may be empty)."""
        intros = self.intros or {}
        return intros.get(language) or intros.get("sv", "")


class Pin(Model):
    """A place a resident (or a walk, or a survey answer) marked, with a category.

    ``status``: ``approved`` pins are public; ``pending`` ones wait for a moderator;
    ``rejected`` ones are never shown publicly. ``area_only``: placed by choosing an area,
    without a point; ``lat``/``lng`` are then the area's interior point, which only says
    which area (hot-spot statistics leave such pins out and count them per area).
    """

    __table_args__ = (Index("ix_pin_dialogue_status", "dialogue_id", "status"),
                      Index("uq_pin_dialogue_client_key", "dialogue_id", "client_key",
                            unique=True))

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(16), default=PinSource.DIALOGUE)
    dialogue_id: Mapped[int | None] = mapped_column(
        ForeignKey("dialogue.id", ondelete="CASCADE")
    )
    lat: Mapped[float] = mapped_column(Float)
    lng: Mapped[float] = mapped_column(Float)
    area_id: Mapped[int | None] = mapped_column(
        ForeignKey("area.id", ondelete="SET NULL"), index=True
    )
    area_only: Mapped[bool] = mapped_column(default=False, server_default=false())
    category: Mapped[str] = mapped_column(String(32))
    time_of_day: Mapped[str | None] = mapped_column(String(16))
    place_description: Mapped[str | None] = mapped_column(String(200))
    comment: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default=PinStatus.PENDING)
    flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    me_too: Mapped[int] = mapped_column(default=0)
    reject_reason: Mapped[str | None] = mapped_column(String(200))
    created_on: Mapped[date] = mapped_column(Date)
    client_key: Mapped[str | None] = mapped_column(String(64))
    """A random key the resident's browser drew for this pin, so a pin sent twice (again after
    a lost connection, or from the offline queue) is stored once; it says nothing about them."""

    dialogue: Mapped[Dialogue | None] = relationship()
    area: Mapped[Area | None] = relationship()
    photos: Mapped[list[PinPhoto]] = relationship(
        back_populates="pin", cascade="all, delete-orphan", passive_deletes=True,
        order_by="PinPhoto.id")


class PinPhoto(StoredPhoto, Model):
    """A photo a resident added to a pin (where the dialogue allows it): re-encoded as JPEG on
    upload without any EXIF or GPS field (:mod:`surveyapp.photos`). Public only once a
    moderator approved the pin with it; deleted with the pin's text, with the pin and after
    ``RETENTION_PHOTO_DAYS``."""

    id: Mapped[int] = mapped_column(primary_key=True)
    pin_id: Mapped[int] = mapped_column(ForeignKey("pin.id", ondelete="CASCADE"), index=True)

    pin: Mapped[Pin] = relationship(back_populates="photos")


class RateCounter(Model):
    """Requests per client key and time window; the key is a salted hash that rotates."""

    __tablename__ = "dialogue_rate"

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(DateTime, index=True)
    count: Mapped[int] = mapped_column(default=0)
