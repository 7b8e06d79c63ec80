"""A medborgarlöfte: texts per language, commitments tied to actions and indicators, follow-ups."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveyapp.actions.models import Action
from surveyapp.db import Model
from surveyapp.geo.models import Area
from surveyapp.indicators.models import IndicatorSeries


class CitizenPromise(Model):
    """A promise for an area and period (usually two years), signed by police and municipality.

    ``titles`` and ``texts`` map a language code to the text in that language (``sv`` always)."""

    __tablename__ = "citizen_promise"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id", ondelete="SET NULL"))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    signed_police: Mapped[str] = mapped_column(String(200))
    signed_municipality: Mapped[str] = mapped_column(String(200))
    signed_on: Mapped[date] = mapped_column(Date)
    titles: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    texts: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    published: Mapped[bool] = mapped_column(default=False)

    area: Mapped[Area | None] = relationship()
    commitments: Mapped[list[PromiseCommitment]] = relationship(
        cascade="all, delete-orphan", order_by="PromiseCommitment.id")
    follow_ups: Mapped[list[PromiseFollowUp]] = relationship(
        cascade="all, delete-orphan", order_by="PromiseFollowUp.noted_on")


class PromiseCommitment(Model):
    """One thing promised (texts per language), tied to an action and an indicator."""

    __tablename__ = "promise_commitment"

    id: Mapped[int] = mapped_column(primary_key=True)
    promise_id: Mapped[int] = mapped_column(
        ForeignKey("citizen_promise.id", ondelete="CASCADE"), index=True)
    texts: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    action_id: Mapped[int | None] = mapped_column(ForeignKey("action.id", ondelete="SET NULL"))
    indicator_series_id: Mapped[int | None] = mapped_column(
        ForeignKey("indicator_series.id", ondelete="SET NULL"))

    action: Mapped[Action | None] = relationship()
    indicator_series: Mapped[IndicatorSeries | None] = relationship()


class PromiseFollowUp(Model):
    """A follow-up note (twice a year), shown on the public page."""

    __tablename__ = "promise_follow_up"

    id: Mapped[int] = mapped_column(primary_key=True)
    promise_id: Mapped[int] = mapped_column(
        ForeignKey("citizen_promise.id", ondelete="CASCADE"), index=True)
    noted_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text)
