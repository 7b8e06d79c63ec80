"""Report periods: a tertial (January–April, May–August, September–December) or a year."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _

TERTIAL = "tertial"
YEAR = "year"


@dataclass(frozen=True)
class Period:
    """A report period: ``kind`` is ``tertial`` (``part`` 1–3) or ``year`` (``part`` 0)."""

    kind: str
    year: int
    part: int = 0

    @property
    def months(self) -> tuple[int, int]:
        """The first and last month of the period."""
        if self.kind == TERTIAL:
            return 4 * self.part - 3, 4 * self.part
        return 1, 12

    @property
    def first(self) -> date:
        """The first day of the period."""
        return date(self.year, self.months[0], 1)

    @property
    def last(self) -> date:
        """The last day of the period."""
        month = self.months[1]
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def first_month(self) -> str:
        """The first month as ``YYYY-MM`` (indicator periods are compared with it as text)."""
        return f"{self.year}-{self.months[0]:02d}"

    @property
    def last_month(self) -> str:
        """The last month as ``YYYY-MM``."""
        return f"{self.year}-{self.months[1]:02d}"

    def previous(self) -> Period:
        """The period before (the report "what changed since the last report" compares with)."""
        if self.kind == TERTIAL:
            return (Period(TERTIAL, self.year, self.part - 1) if self.part > 1
                    else Period(TERTIAL, self.year - 1, 3))
        return Period(YEAR, self.year - 1)

    def label(self) -> str:
        """The period in words, e.g. "Tertial 2 2025 (May–August)"."""
        if self.kind == TERTIAL:
            return _("Tertial %(part)s %(year)s (%(first)s – %(last)s)", part=self.part,
                     year=self.year, first=self.first.isoformat(), last=self.last.isoformat())
        return _("Year %(year)s", year=self.year)

    def title(self) -> str:
        """The report's title: lägesrapport for a tertial, lägesbild for a year."""
        if self.kind == TERTIAL:
            return _("Situation report (lägesrapport), %(period)s", period=self.label())
        return _("Annual situation picture (lägesbild) %(year)s", year=self.year)

    def slug(self) -> str:
        """A file-name part, e.g. ``2025-T2`` or ``2025``."""
        return f"{self.year}-T{self.part}" if self.kind == TERTIAL else str(self.year)
