"""The filters of the analysts' place map: period, category, time of day and sources.

Read from the query string and checked on the server (translated messages); an invalid value
is reported and the filter falls back to "all" for it, so the page still shows something true.
Which sources a filter applies to is stated on the page: survey places have no date (they
belong to the campaign's year), no category and no time of day; walk observations and actions
have no time of day; actions have no category.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from surveyapp.partners.labels import TIME_LABELS

SOURCES = ("dialogue", "survey", "walk", "partner", "action")
SOURCE_LABELS = {
    "dialogue": _l("Dialogue pins (approved)"),
    "survey": _l("Unsafe places marked in the survey"),
    "walk": _l("Walk observations"),
    "partner": _l("Partner reports (per area)"),
    "action": _l("Actions"),
}
TIMES = tuple(TIME_LABELS)  # morning, day, evening, night
# The dialogue's times of day on the partner reports' scale ("alltid" matches every time).
PIN_TIMES = {"morgon": "morning", "dag": "day", "kvall": "evening", "natt": "night"}


@dataclass(frozen=True)
class PlaceFilter:
    """What the analyst chose; empty values mean "all"."""

    start: date | None = None
    end: date | None = None
    category: str = ""
    time_of_day: str = ""
    sources: tuple[str, ...] = SOURCES
    errors: dict[str, str] = field(default_factory=dict, compare=False)

    def in_period(self, first: date, last: date | None = None) -> bool:
        """Whether the days ``first``–``last`` (one day without ``last``) overlap the period."""
        last = last or first
        return ((self.start is None or last >= self.start)
                and (self.end is None or first <= self.end))

    def pin_time(self, code: str | None) -> bool:
        """Whether a pin's time of day passes the filter."""
        if not self.time_of_day:
            return True
        return code == "alltid" or PIN_TIMES.get(code or "") == self.time_of_day

    def query(self) -> MultiDict[str, str]:
        """The filter as query arguments (for the map document and the download links)."""
        args: MultiDict[str, str] = MultiDict()
        for name, value in (("from", self.start), ("to", self.end)):
            if value is not None:
                args.add(name, value.isoformat())
        if self.category:
            args.add("category", self.category)
        if self.time_of_day:
            args.add("time", self.time_of_day)
        for source in self.sources:
            args.add("source", source)
        return args


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def read_filter(args: MultiDict[str, str], categories: set[str]) -> PlaceFilter:
    """The filter from ``args`` (``from``, ``to``, ``category``, ``time``, ``source``
    repeated); ``categories`` are the codes that may be chosen."""
    errors: dict[str, str] = {}
    start = end = None
    for name in ("from", "to"):
        text = (args.get(name) or "").strip()
        value = _day(text) if text else None
        if text and value is None:
            errors[name] = _("Write the date as YYYY-MM-DD, for example 2026-03-01.")
        if name == "from":
            start = value
        else:
            end = value
    if start and end and start > end:
        errors["to"] = _("The end of the period must not be before its start.")
        end = None
    category = (args.get("category") or "").strip()
    if category and category not in categories:
        errors["category"] = _("Choose a category from the list.")
        category = ""
    time_of_day = (args.get("time") or "").strip()
    if time_of_day and time_of_day not in TIMES:
        errors["time"] = _("Choose a time of day from the list.")
        time_of_day = ""
    chosen = args.getlist("source")
    sources = tuple(s for s in SOURCES if s in chosen) if chosen else SOURCES
    if chosen and (not sources or len(set(chosen)) != len(sources)):
        errors["source"] = _("Choose at least one of the listed sources.")
        sources = sources or SOURCES
    return PlaceFilter(start, end, category, time_of_day, sources, errors)
