"""The report as plain sections of paragraphs, figures (SVG charts and maps) and tables of
text: the HTML page and the DOCX are both written from it, so they hold the same headings, charts
and (suppressed) figures."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from flask_babel import gettext as _

from surveyapp import numbers
from surveyapp.indicators.rates import SMALL_COUNT_LIMIT, is_small


@dataclass
class Table:
    """A table: caption, column headings and rows of cell texts (the first cell heads its row)."""

    caption: str
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Figure:
    """A chart or map: caption, text alternative and the SVG (from :mod:`surveyapp.results.charts`,
    so its texts are escaped) that the page shows inline and the DOCX as a PNG."""

    caption: str
    desc: str
    svg: str


@dataclass
class Section:
    """A heading with paragraphs, figures and tables, shown in this order."""

    heading: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)


@dataclass
class ReportDocument:
    """The whole report."""

    title: str
    period: str
    sections: list[Section] = field(default_factory=list)


def small_text() -> str:
    """What a suppressed count shows."""
    return _("fewer than %(n)s", n=SMALL_COUNT_LIMIT)


def count_cell(count: float) -> str:
    """A count as shown: 1–4 suppressed (:func:`surveyapp.indicators.rates.is_small`)."""
    return small_text() if is_small(count) else numbers.decimal(count, 0)


def change_cell(now: float, before: float) -> str:
    """The change from the previous period; "–" when either count is suppressed (the
    difference would give a small count back)."""
    if is_small(now) or is_small(before):
        return "–"
    return numbers.decimal(now - before, 0, signed=True)


def count_table(caption: str, first: str, now: Counter, before: Counter,
                label: Callable[[str], str] = str) -> Table:
    """Counts by key for this period and the previous one, with the change."""
    table = Table(caption, [first, _("This period"), _("Previous period"),
                            _("Change")])
    keys: Iterable[str] = sorted(set(now) | set(before), key=lambda k: (-now[k], label(k)))
    for key in keys:
        table.rows.append([label(key), count_cell(now[key]), count_cell(before[key]),
                           change_cell(now[key], before[key])])
    total_now, total_before = sum(now.values()), sum(before.values())
    table.rows.append([_("Total"), count_cell(total_now), count_cell(total_before),
                       change_cell(total_now, total_before)])
    return table
