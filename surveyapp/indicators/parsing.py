"""Reading an indicator file (CSV or XLSX) into checked rows; nothing is stored here.

The police's open statistics layout is read as it is: one row per area, period and crime
category with a count::

    område;år;månad;brottskategori;antal
    0682R001;2025;3;Skadegörelse;14

Columns are found by name, without regard to case: area (``område``, ``region``, ``area``),
the period either in one column (``period``: ``2025``, ``2025-03``, ``2025M03``) or as year
(``år``, ``year``) plus an optional month (``månad``, ``month``: 1–12 or a Swedish or English
month name), an optional category (``brottskategori``, ``kategori``, ``category``) and the value
(``antal``, ``count``, ``värde``, ``value``). Every problem is reported at once, naming the
row (as a spreadsheet numbers it: the header is row 1) and the column as written in the file.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _

from surveyapp.geo.population import decode
from surveyapp.uploads import FileRefused

COLUMNS = {
    "area": ("område", "omrade", "region", "area", "area_code", "områdeskod"),
    "period": ("period",),
    "year": ("år", "ar", "year"),
    "month": ("månad", "manad", "month"),
    "category": ("brottskategori", "kategori", "category", "brottstyp"),
    "value": ("antal", "count", "värde", "varde", "value"),
}
MONTHS = {name: number for number, names in enumerate((
    ("januari", "january", "jan"), ("februari", "february", "feb"), ("mars", "march", "mar"),
    ("april", "apr"), ("maj", "may"), ("juni", "june", "jun"), ("juli", "july", "jul"),
    ("augusti", "august", "aug"), ("september", "sep"), ("oktober", "october", "okt", "oct"),
    ("november", "nov"), ("december", "dec")), start=1) for name in names}
MAX_ROWS = 200_000


class IndicatorFileError(FileRefused):
    """A file that cannot be imported; ``problems`` lists every problem found."""


@dataclass(frozen=True)
class IndicatorRow:
    """One checked row: area code, period (``YYYY`` or ``YYYY-MM``), category ('' if none)."""

    area_code: str
    period: str
    category: str
    value: float


def table_from_upload(filename: str, raw: bytes) -> list[list[str]]:
    """The cells of an uploaded CSV or XLSX file as text, header row first."""
    if filename.lower().endswith(".xlsx"):
        return _xlsx_table(raw)
    text = decode(raw)
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _xlsx_table(raw: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not XLSX
        raise IndicatorFileError([_("The file is not a readable XLSX workbook.")]) from error
    sheet = book.worksheets[0]
    return [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return f"{value.year:04d}-{value.month:02d}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def parse_indicator_rows(table: list[list[str]], known_areas: Iterable[str],
                         counts: bool) -> list[IndicatorRow]:
    """Check every row; raise :class:`IndicatorFileError` naming row and column of each problem.

    ``counts``: the values must be whole numbers ≥ 0 (counts of events)."""
    if not table or not any(cell.strip() for cell in table[0]):
        raise IndicatorFileError([_("The file is empty.")])
    header = [cell.strip() for cell in table[0]]
    positions = _positions(header)
    known = set(known_areas)
    problems: list[str] = []
    rows: list[IndicatorRow] = []
    seen: dict[tuple[str, str, str], int] = {}
    if len(table) - 1 > MAX_ROWS:
        raise IndicatorFileError([_("The file has more than %(limit)s rows.", limit=MAX_ROWS)])
    for number, cells in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        row = _parse_row(cells, header, positions, known, counts, number, problems)
        if row is None:
            continue
        key = (row.area_code, row.period, row.category)
        if key in seen:
            problems.append(_("Row %(row)s: the same area, period and category as row "
                              "%(other)s.", row=number, other=seen[key]))
        seen[key] = number
        rows.append(row)
    if problems:
        raise IndicatorFileError(problems)
    if not rows:
        raise IndicatorFileError([_("The file has no rows with values.")])
    return rows


def _positions(header: list[str]) -> dict[str, int]:
    lowered = [name.lower() for name in header]
    positions = {key: next(i for i, name in enumerate(lowered) if name in names)
                 for key, names in COLUMNS.items() if any(name in names for name in lowered)}
    problems = []
    if "area" not in positions:
        problems.append(_("Column “%(column)s” is missing.", column="område"))
    if "period" not in positions and "year" not in positions:
        problems.append(_("Column “%(column)s” is missing (or “period”).", column="år"))
    if "value" not in positions:
        problems.append(_("Column “%(column)s” is missing.", column="antal"))
    if problems:
        raise IndicatorFileError(problems)
    return positions


def _parse_row(cells: list[str], header: list[str], positions: dict[str, int], known: set[str],
               counts: bool, number: int, problems: list[str]) -> IndicatorRow | None:
    def cell(key: str) -> str:
        index = positions.get(key)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    def problem(key: str, message: str) -> None:
        problems.append(_("Row %(row)s, column “%(column)s”: %(problem)s", row=number,
                          column=header[positions[key]], problem=message))

    before = len(problems)
    area = cell("area").split(" ", 1)[0]
    if area not in known:
        problem("area", _("unknown area “%(area)s”.", area=area))
    period = _period(cell, problem, positions)
    value = _value(cell("value"), counts, lambda message: problem("value", message))
    if len(problems) > before or period is None or value is None:
        return None
    return IndicatorRow(area, period, cell("category"), value)


def _period(cell, problem, positions: dict[str, int]) -> str | None:
    if "period" in positions:
        typed = cell("period")
        found = re.fullmatch(r"(\d{4})(?:[-M/](\d{1,2}))?", typed)
        if found is None or (found.group(2) and not 1 <= int(found.group(2)) <= 12):
            problem("period", _("“%(value)s” is not a period (write 2025 or 2025-03).",
                                value=typed))
            return None
        year, month = found.group(1), found.group(2)
        return year if month is None else f"{year}-{int(month):02d}"
    year = cell("year")
    if not re.fullmatch(r"\d{4}", year):
        problem("year", _("“%(value)s” is not a year.", value=year))
        return None
    if "month" not in positions or not cell("month"):
        return year
    typed = cell("month").lower()
    month = int(typed) if typed.isdigit() else MONTHS.get(typed)
    if month is None or not 1 <= month <= 12:
        problem("month", _("“%(value)s” is not a month (1–12 or its name).",
                           value=cell("month")))
        return None
    return f"{year}-{month:02d}"


def _value(typed: str, counts: bool, problem) -> float | None:
    text = re.sub(r"[\s\u00a0]", "", typed).replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        problem(_("“%(value)s” is not a number.", value=typed))
        return None
    if not math.isfinite(value):
        problem(_("“%(value)s” is not a number.", value=typed))
        return None
    if counts and (value < 0 or not value.is_integer()):
        problem(_("“%(value)s” is not a count (a whole number, 0 or more).", value=typed))
        return None
    return value
