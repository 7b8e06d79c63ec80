"""The ``date`` and ``time`` widgets: the browser's date and time fields, read on the server.

Browsers without those fields show a text field; the hint gives the format, and the server
reads ``2026-03-31`` (also ``2026-3-31``) and ``21:30`` (also ``21.30``).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date, time

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from questionnaires import Question
from surveyapp.surveys.widgets.base import PageAnswers, Widget
from surveyapp.surveys.widgets.digits import ascii_digits

_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_TIME = re.compile(r"(\d{1,2})[:.](\d{2})(?::\d{2})?")


def read_date(raw: str) -> date | None:
    """``raw`` as a date (ISO order, digits of any script), None when it is not one."""
    match = _DATE.fullmatch(ascii_digits(raw).strip())
    if match is None:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def read_time(raw: str) -> time | None:
    """``raw`` as hours and minutes, None when it is not a time of day."""
    match = _TIME.fullmatch(ascii_digits(raw).strip())
    if match is None:
        return None
    hours, minutes = int(match.group(1)), int(match.group(2))
    return time(hours, minutes) if hours < 24 and minutes < 60 else None


def _bound(value: str | None, today: date) -> date | None:
    if value is None:
        return None
    return today if value == "today" else date.fromisoformat(value)


class DateWidget(Widget):
    """A date, stored as ``YYYY-MM-DD``, within ``earliest``/``latest``."""

    name = "date"
    answer_format = _l("Year-month-day, for example 2026-03-31.")

    def read(self, question: Question, form: MultiDict, area_codes: Collection[str],
             result: PageAnswers, check_required: bool) -> None:
        """The date as ISO text."""
        raw = result.posted(form, question, question.id, check_required, _("Write a date."),
                            clean=str.strip)
        if raw == "":
            return
        found = read_date(raw)
        if found is None:
            result.errors[question.id] = _("Write the date as year-month-day, for example "
                                           "2026-03-31.")
            return
        today = date.today()
        earliest, latest = _bound(question.earliest, today), _bound(question.latest, today)
        if earliest is not None and found < earliest:
            result.refuse(question, question.id, _("Write a date from %(date)s on.",
                                                   date=format_date(earliest)))
            return
        if latest is not None and found > latest:
            result.refuse(question, question.id, _("Write a date no later than %(date)s.",
                                                   date=format_date(latest)))
            return
        result.values[question.id] = found.isoformat()


class TimeWidget(Widget):
    """A time of day, stored as ``HH:MM``."""

    name = "time"
    answer_format = _l("Hours:minutes, for example 21:30.")

    def read(self, question: Question, form: MultiDict, area_codes: Collection[str],
             result: PageAnswers, check_required: bool) -> None:
        """The time as ``HH:MM``."""
        raw = result.posted(form, question, question.id, check_required, _("Write a time."),
                            clean=str.strip)
        if raw == "":
            return
        found = read_time(raw)
        if found is None:
            result.errors[question.id] = _("Write the time as hours:minutes, for example 21:30.")
            return
        result.values[question.id] = found.strftime("%H:%M")
