"""Reading the new answer types as residents type them (digits of any script, comma or point),
and translating the importer's messages."""

from __future__ import annotations

from datetime import date, time

import pytest

from questionnaires.messages import N_, Message, translated
from surveyapp.surveys.widgets.decimal import read_decimal
from surveyapp.surveys.widgets.moment import read_date, read_time


@pytest.mark.parametrize(("raw", "value"), [
    ("2,5", 2.5), ("2.5", 2.5), (" 12 ", 12.0), ("-0,25", -0.25), ("١٢٫٥", 12.5),
    ("１２，５", 12.5), ("1 000", 1000.0), ("۳٫۵", 3.5),
])
def test_decimals(raw, value):
    assert read_decimal(raw) == value


@pytest.mark.parametrize("raw", ["1e3", "1,000.5", "2,", ",5", "abc", "1234567890123", "²"])
def test_not_decimals(raw):
    assert read_decimal(raw) is None


@pytest.mark.parametrize(("raw", "value"), [
    ("2026-03-31", date(2026, 3, 31)), ("2026-3-1", date(2026, 3, 1)),
    ("٢٠٢٦-٠٣-٣١", date(2026, 3, 31)),
])
def test_dates(raw, value):
    assert read_date(raw) == value


@pytest.mark.parametrize("raw", ["2026-02-30", "31/03/2026", "2026-13-01", "today", ""])
def test_not_dates(raw):
    assert read_date(raw) is None


@pytest.mark.parametrize(("raw", "value"), [
    ("21:30", time(21, 30)), ("21.30", time(21, 30)), ("7:05", time(7, 5)),
    ("21:30:00", time(21, 30)),
])
def test_times(raw, value):
    assert read_time(raw) == value


@pytest.mark.parametrize("raw", ["24:00", "12:60", "2130", "noon"])
def test_not_times(raw):
    assert read_time(raw) is None


def test_messages_are_english_and_translate_part_by_part():
    message = Message.concat(Message(N_("%(sheet)s sheet, row %(row)s"), sheet="survey", row=3),
                             ": ", Message(N_("loops are not supported")))
    assert message == "survey sheet, row 3: loops are not supported"
    catalog = {"%(sheet)s sheet, row %(row)s": "bladet %(sheet)s, rad %(row)s",
               "loops are not supported": "loopar stöds inte"}

    def gettext(template: str, **params: object) -> str:
        text = catalog.get(template, template)
        return text % params if params else text

    assert translated(message, gettext) == "bladet survey, rad 3: loopar stöds inte"
    assert translated("a plain problem", gettext) == "a plain problem"
