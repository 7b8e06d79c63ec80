"""Time series per area and period imported from other sources (police, municipal services)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from sqlalchemy import Date, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveyapp.db import Model
from surveyapp.geo.models import Area


class SeriesMeasure(StrEnum):
    """What a series' values are: counts of events (rates per 100 000 and suppression of small
    counts apply) or other values shown as they are."""

    COUNT = "count"
    VALUE = "value"


class IndicatorSeries(Model):
    """One indicator with its source and definition, shown next to every figure of it."""

    __tablename__ = "indicator_series"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    source: Mapped[str] = mapped_column(String(300))
    definition: Mapped[str] = mapped_column(Text)
    measure: Mapped[str] = mapped_column(String(16), default=SeriesMeasure.COUNT)
    imported_on: Mapped[date] = mapped_column(Date)

    values: Mapped[list[IndicatorValue]] = relationship(
        back_populates="series", cascade="all, delete-orphan",
        order_by="(IndicatorValue.period, IndicatorValue.area_id)")

    @property
    def is_count(self) -> bool:
        """Whether the values are counts of events."""
        return self.measure == SeriesMeasure.COUNT


class IndicatorValue(Model):
    """The value of a series in one area and one period (``YYYY`` or ``YYYY-MM``)."""

    __tablename__ = "indicator_value"
    __table_args__ = (UniqueConstraint("series_id", "area_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(
        ForeignKey("indicator_series.id", ondelete="CASCADE"), index=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id", ondelete="CASCADE"), index=True)
    period: Mapped[str] = mapped_column(String(7))
    value: Mapped[float] = mapped_column(Float)

    series: Mapped[IndicatorSeries] = relationship(back_populates="values")
    area: Mapped[Area] = relationship()
