"""Uppföljning of a plan item: its linked indicator before and after, in the problem's area.

* Survey indicator: the trygghet indicator of the area in a campaign before and one after,
  from :func:`surveyapp.results.tables.measure_table` with the earlier wave as ``previous`` —
  the same design-based comparison as every other output (independent samples: the variance of
  the difference is ``se₁² + se₂²``, t with the smaller design df). Suppressed cells (fewer than
  ``RESULTS_MIN_N``) give no comparison.
* Indicator series: the sum over the plan's period and over as many months before it, with
  rates per 100 000 and the suppression of small counts; register counts have no sampling
  error, so no interval is given.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _

from surveyapp.indicators.models import IndicatorSeries
from surveyapp.indicators.rates import ShownValue, population_for, population_totals, shown_value
from surveyapp.indicators.services import period_total
from surveyapp.surveys.models import Campaign


@dataclass(frozen=True)
class SurveyChange:
    """The area's indicator before and after, and the change with its 95 % CI (or ``None``)."""

    before: dict | None
    after: dict | None
    change: dict | None
    reading: str


@dataclass(frozen=True)
class SeriesChange:
    """The series summed before and during the plan's period."""

    before: ShownValue | None
    after: ShownValue | None
    first_before: str
    last_before: str
    first_after: str
    last_after: str


def reading(change: dict | None) -> str:
    """The change in plain words (the indicator is a share feeling unsafe: lower is better)."""
    if change is None:
        return _("Too few answers to compare, or no answers from the area in one campaign.")
    if not change["significant"]:
        return _("No significant change yet.")
    if change["difference"] < 0:
        return _("Significantly fewer feel unsafe than before.")
    return _("Significantly more feel unsafe than before.")


def survey_change(area_code: str, before: Campaign, after: Campaign) -> SurveyChange:
    """The trygghet indicator of ``area_code`` in ``before`` and ``after``, and its change."""
    from surveyapp.results.measures import INDICATOR, indicator_measure
    from surveyapp.results.services import load_wave, min_n
    from surveyapp.results.tables import measure_table

    measure = indicator_measure()
    earlier = load_wave(before, [INDICATOR])
    later = load_wave(after, [INDICATOR])
    table = measure_table(later, measure, min_n(), previous=earlier)
    row = next((r for r in table.areas if r["area"] == area_code), None)
    earlier_row = next((r for r in measure_table(earlier, measure, min_n(), compare=False).areas
                        if r["area"] == area_code), None)
    change = row["vs_previous"] if row is not None else None
    return SurveyChange(earlier_row, row, change, reading(change))


def _months_before(start: date, months: int) -> tuple[str, str]:
    index = start.year * 12 + start.month - 1
    first, last = index - months, index - 1
    return f"{first // 12:04d}-{first % 12 + 1:02d}", f"{last // 12:04d}-{last % 12 + 1:02d}"


def series_change(series: IndicatorSeries, area_id: int, start: date, end: date
                  ) -> SeriesChange:
    """The series in the area over the plan's months and the same number of months before."""
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    first_before, last_before = _months_before(start, months)
    first_after, last_after = start.isoformat()[:7], end.isoformat()[:7]
    totals = population_totals()

    def shown(first: str, last: str) -> ShownValue | None:
        total = period_total(series, area_id, first, last)
        if total is None:
            return None
        population, year = population_for(totals, area_id, last)
        return shown_value(total[0], series.is_count, population, year)

    return SeriesChange(shown(first_before, last_before), shown(first_after, last_after),
                        first_before, last_before, first_after, last_after)
