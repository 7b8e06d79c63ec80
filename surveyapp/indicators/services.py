"""Importing and reading indicator series. They flush; the request commits."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import joinedload

from surveyapp.db import db
from surveyapp.geo.models import Area
from surveyapp.indicators.models import IndicatorSeries, IndicatorValue, SeriesMeasure
from surveyapp.indicators.parsing import IndicatorRow, parse_indicator_rows
from surveyapp.indicators.rates import ShownValue, population_for, population_totals, shown_value


@dataclass(frozen=True)
class SeriesDescription:
    """What the importer says about the file's series."""

    name: str
    source: str
    definition: str
    measure: str


@dataclass(frozen=True)
class ValueRow:
    """One area and period of a series as it may be shown."""

    area_id: int
    area: str
    period: str
    shown: ShownValue


def series_name(name: str, category: str) -> str:
    """The series a row belongs to: the name, followed by the category when there is one."""
    return f"{name} – {category}" if category else name


def import_series(description: SeriesDescription, table: list[list[str]], today: date
                  ) -> list[IndicatorSeries]:
    """Check the whole file, then store it: one series per category; the values of a series
    already stored are replaced for the file's areas and periods. Raises
    ``IndicatorFileError`` (nothing stored) for any problem."""
    areas = {a.code: a.id for a in db.session.scalars(select(Area))}
    rows = parse_indicator_rows(table, areas, description.measure == SeriesMeasure.COUNT)
    grouped: dict[str, list[IndicatorRow]] = defaultdict(list)
    for row in rows:
        grouped[series_name(description.name, row.category)].append(row)
    stored = []
    for name, members in sorted(grouped.items()):
        series = db.session.scalar(select(IndicatorSeries).where(IndicatorSeries.name == name))
        if series is None:
            series = IndicatorSeries(name=name)
            db.session.add(series)
        series.source, series.definition = description.source, description.definition
        series.measure, series.imported_on = description.measure, today
        db.session.flush()
        existing = {(area_id, period): value_id for value_id, area_id, period in
                    db.session.execute(select(IndicatorValue.id, IndicatorValue.area_id,
                                              IndicatorValue.period)
                                       .where(IndicatorValue.series_id == series.id))}
        new, changed = [], []
        for row in members:
            key = (areas[row.area_code], row.period)
            if key in existing:
                changed.append({"value_id": existing[key], "new_value": row.value})
            else:
                new.append({"series_id": series.id, "area_id": key[0], "period": row.period,
                            "value": row.value})
        # Core statements: one executemany each instead of an ORM object per row (15 000 rows
        # of five years of monthly crime counts in 50 areas)
        if new:
            db.session.execute(insert(IndicatorValue), new)
        if changed:
            db.session.execute(
                update(IndicatorValue.__table__)
                .where(IndicatorValue.__table__.c.id == bindparam("value_id"))
                .values(value=bindparam("new_value")), changed)
        db.session.expire(series, ["values"])
        stored.append(series)
    db.session.flush()
    return stored


def all_series() -> list[IndicatorSeries]:
    """Every series, by name."""
    return list(db.session.scalars(select(IndicatorSeries).order_by(IndicatorSeries.name)))


def get_series(series_id: int) -> IndicatorSeries | None:
    """The series with this id."""
    return db.session.get(IndicatorSeries, series_id)


def value_rows(series: IndicatorSeries, area_id: int | None = None,
               first: str | None = None, last: str | None = None) -> list[ValueRow]:
    """The series' values (optionally of one area, periods from ``first`` to ``last``
    inclusive, compared as text so ``2025`` and ``2025-03`` sort together), with rates and
    suppression applied."""
    query = (select(IndicatorValue).options(joinedload(IndicatorValue.area))
             .where(IndicatorValue.series_id == series.id))
    if area_id is not None:
        query = query.where(IndicatorValue.area_id == area_id)
    totals = population_totals()
    rows = []
    for item in db.session.scalars(query):
        if (first and item.period < first[:len(item.period)]) or (
                last and item.period > last[:len(item.period)]):
            continue
        population, year = population_for(totals, item.area_id, item.period)
        rows.append(ValueRow(item.area_id, item.area.name, item.period,
                             shown_value(item.value, series.is_count, population, year)))
    return sorted(rows, key=lambda r: (r.area, r.period))


def period_total(series: IndicatorSeries, area_id: int, first: str, last: str
                 ) -> tuple[float, int] | None:
    """The sum of the series in one area over the periods ``first``…``last`` (unsuppressed:
    for the caller to pass through :func:`shown_value`) and the number of periods; ``None``
    without values."""
    values = [item.value for item in db.session.scalars(
        select(IndicatorValue).where(IndicatorValue.series_id == series.id,
                                     IndicatorValue.area_id == area_id))
              if _within(item.period, first, last)]
    return (sum(values), len(values)) if values else None


def _within(period: str, first: str, last: str) -> bool:
    return first[:len(period)] <= period <= last[:len(period)]


def period_totals(series: IndicatorSeries, first: str, last: str
                  ) -> dict[int, tuple[float, int]]:
    """:func:`period_total` of every area with a value in the periods, by area id, from one
    query of columns (the period report sums every series in every area)."""
    values: dict[int, list[float]] = defaultdict(list)
    rows = db.session.execute(
        select(IndicatorValue.area_id, IndicatorValue.period, IndicatorValue.value)
        .where(IndicatorValue.series_id == series.id).order_by(IndicatorValue.id))
    for area_id, period, value in rows:
        if _within(period, first, last):
            values[area_id].append(value)
    return {area_id: (sum(found), len(found)) for area_id, found in values.items()}
