"""Reporting periods: ISO weeks, or fortnights counted from Monday 1 January 2024."""

from __future__ import annotations

from datetime import date, timedelta

FORTNIGHT_ANCHOR = date(2024, 1, 1)  # a Monday


def period_start(day: date, weeks: int) -> date:
    """The first day (a Monday) of the ``weeks``-week reporting period that holds ``day``."""
    if weeks == 1:
        return day - timedelta(days=day.weekday())
    offset = (day - FORTNIGHT_ANCHOR).days // (7 * weeks)
    return FORTNIGHT_ANCHOR + timedelta(days=offset * 7 * weeks)


def period_end(start: date, weeks: int) -> date:
    """The last day (a Sunday) of the period that starts on ``start``."""
    return start + timedelta(days=7 * weeks - 1)
