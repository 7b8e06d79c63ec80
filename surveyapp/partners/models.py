"""A partner organisation's report for one area and reporting period, with its events."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from sqlalchemy import JSON, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveyapp.db import Model
from surveyapp.geo.models import Area
from surveyapp.organisations.models import Organisation


class EventCategory(StrEnum):
    """What kind of event a partner saw (EST: samverkan i en effektiv samordning för trygghet)."""

    SKADEGORELSE = "skadegorelse"
    KLOTTER = "klotter"
    NEDSKRAPNING = "nedskrapning"
    ORDNINGSSTORNING = "ordningsstorning"
    NARKOTIKA = "narkotika"
    BERUSNING = "berusning"
    HOT_VALD = "hot_vald"
    INBROTT = "inbrott"
    BRAND = "brand"
    BUSKORNING = "buskorning"
    ANNAT = "annat"


class TimeOfDay(StrEnum):
    """When in the day it happened."""

    MORNING = "morning"
    DAY = "day"
    EVENING = "evening"
    NIGHT = "night"


class NoteStatus(StrEnum):
    """Moderation of the report's free text; only approved text appears in reports."""

    NONE = "none"
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class PartnerReport(Model):
    """What one organisation reports for one area and period (one report per triple)."""

    __tablename__ = "partner_report"
    __table_args__ = (UniqueConstraint("organisation_id", "area_id", "period_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), index=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id", ondelete="CASCADE"), index=True)
    period_start: Mapped[date] = mapped_column(Date, index=True)
    period_weeks: Mapped[int]
    submitted_on: Mapped[date] = mapped_column(Date)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")
    note_status: Mapped[str] = mapped_column(String(16), default=NoteStatus.NONE, index=True)
    flags: Mapped[list[str]] = mapped_column(JSON, default=list)

    organisation: Mapped[Organisation] = relationship()
    area: Mapped[Area] = relationship()
    events: Mapped[list[PartnerEvent]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="PartnerEvent.id")

    @property
    def period_end(self) -> date:
        """The last day of the reporting period."""
        return self.period_start + timedelta(days=7 * self.period_weeks - 1)


class PartnerEvent(Model):
    """Events of one category a partner saw in the period: how many, where, when in the day."""

    __tablename__ = "partner_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("partner_report.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(String(32))
    time_of_day: Mapped[str] = mapped_column(String(16))
    place: Mapped[str] = mapped_column(String(300), default="")
    count: Mapped[int]

    report: Mapped[PartnerReport] = relationship(back_populates="events")
