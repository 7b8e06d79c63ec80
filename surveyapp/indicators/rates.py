"""Rates per 100 000 inhabitants and the suppression of small counts, for every output.

Every page, report and export that shows an indicator value goes through :func:`shown_value`,
so a suppressed count is suppressed everywhere. A count of 1–4 (below
:data:`SMALL_COUNT_LIMIT`) is shown as "fewer than 5" and has no rate (the rate would give the
count back). Zero is shown: it identifies no one.

The population is the sum of the area's cells in the population tables (residents aged
16–84, as imported for weighting) of the period's year, or of the latest earlier year when that
year has none; without any, no rate is shown.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select

from surveyapp.db import db
from surveyapp.geo.population import PopulationCell

SMALL_COUNT_LIMIT = 5
PER = 100_000


@dataclass(frozen=True)
class ShownValue:
    """A value as it may be shown: ``None`` fields when suppressed or unknown."""

    value: float | None
    suppressed: bool
    population: int | None
    population_year: int | None
    rate: float | None


def rate_per_100k(count: float, population: int) -> float:
    """``count`` per 100 000 of ``population`` (``population`` > 0)."""
    return count * PER / population


def is_small(count: float) -> bool:
    """Whether a count must not be shown (1–4)."""
    return 0 < count < SMALL_COUNT_LIMIT


def population_totals() -> dict[int, dict[int, int]]:
    """``{area id: {year: residents}}`` from the population tables."""
    totals: dict[int, dict[int, int]] = defaultdict(dict)
    rows = db.session.execute(
        select(PopulationCell.area_id, PopulationCell.year, func.sum(PopulationCell.count))
        .group_by(PopulationCell.area_id, PopulationCell.year))
    for area_id, year, total in rows:
        totals[area_id][year] = int(total)
    return dict(totals)


def population_for(totals: dict[int, dict[int, int]], area_id: int, period: str
                   ) -> tuple[int | None, int | None]:
    """``(residents, year)`` for the period's year, or the latest earlier year with a table."""
    year = int(period[:4])
    years = [y for y in totals.get(area_id, {}) if y <= year]
    if not years:
        return None, None
    chosen = max(years)
    return totals[area_id][chosen], chosen


def shown_value(value: float, is_count: bool, population: int | None,
                population_year: int | None) -> ShownValue:
    """The value, its rate per 100 000 (counts only) and the suppression of small counts."""
    if is_count and is_small(value):
        return ShownValue(None, True, population, population_year, None)
    rate = (rate_per_100k(value, population)
            if is_count and population else None)
    return ShownValue(value, False, population, population_year, rate)
