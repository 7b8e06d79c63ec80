"""Reading XLSForm workbooks: sheets as rows with their spreadsheet row numbers, language columns.

Shared by the importer and the exporter; pure Python on top of openpyxl (``.xlsx``) and xlrd
(the older ``.xls``). Headers come back in one spelling whatever alias pyxform accepted
(:mod:`questionnaires.xlsform_aliases`).
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

import openpyxl
from babel import Locale, UnknownLocaleError

from questionnaires.input_limits import check_zip
from questionnaires.spreadsheet_cells import restore_formula_text
from questionnaires.xlsform_aliases import choices_column, settings_column, survey_column

XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
XLSX_MAGIC = b"PK\x03\x04"
# our own survey columns, kept as they are written
OWN_COLUMNS = frozenset({"bind::surveyapp:stratum"})

LANGUAGE_COLUMN = re.compile(r"^(?P<base>[^:]+)::(?P<language>.+)$")
LANGUAGE_CODE = re.compile(r"\((?P<code>[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)\)\s*$")


@dataclass
class Row:
    """One non-empty spreadsheet row: its number (as Excel shows it) and cells by header."""

    number: int
    cells: dict[str, str] = field(default_factory=dict)

    def get(self, column: str) -> str:
        """The cell as stripped text ('' when empty)."""
        return self.cells.get(column, "")


@dataclass
class Sheet:
    """A sheet's header (in column order) and its non-empty rows."""

    name: str
    header: list[str]
    rows: list[Row]


def read_workbook(data: bytes) -> dict[str, Sheet]:
    """The workbook's sheets by lower-case name (raises ValueError for a file that is neither
    .xlsx nor .xls, :class:`~questionnaires.input_limits.InputTooComplex` for a zip bomb)."""
    if data.startswith(XLS_MAGIC):
        return _sheets(_xls_sheets(data))
    check_zip(data)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken or foreign file
        raise ValueError(f"not a readable .xlsx workbook ({type(error).__name__})") from error
    try:
        return _sheets((ws.title, list(ws.iter_rows(values_only=True)))
                       for ws in workbook.worksheets)
    finally:
        workbook.close()


def _xls_sheets(data: bytes) -> list[tuple[str, list[tuple[object, ...]]]]:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
    except Exception as error:  # xlrd raises XLRDError, struct.error, AssertionError ...
        raise ValueError(f"not a readable .xls workbook ({type(error).__name__})") from error
    sheets = []
    for sheet in book.sheets():
        rows = []
        for index in range(sheet.nrows):
            values: list[object] = []
            for cell in sheet.row(index):
                if cell.ctype == xlrd.XL_CELL_DATE:
                    values.append(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
                elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                    values.append("TRUE" if cell.value else "FALSE")
                else:
                    values.append(cell.value)
            rows.append(tuple(values))
        sheets.append((sheet.name, rows))
    return sheets


def _sheets(workbook: Iterable[tuple[str, Sequence[Sequence[object]]]]) -> dict[str, Sheet]:
    sheets = {}
    for title, values in workbook:
        name = title.strip().lower()
        canonical = _HEADERS.get(name, str.strip)
        header = [canonical(_text(cell)) if _text(cell) else "" for cell in values[0]] \
            if values else []
        rows = []
        for number, row in enumerate(values[1:], start=2):
            cells = {name: _text(cell) for name, cell in zip(header, row, strict=False) if name}
            cells = {name: value for name, value in cells.items() if value}
            if cells:
                rows.append(Row(number, cells))
        sheets[name] = Sheet(title, header, rows)
    return sheets


_HEADERS: dict[str, Callable[[str], str]] = {
    "survey": lambda header: survey_column(header, OWN_COLUMNS),
    "choices": choices_column,
    "settings": settings_column,
}


def _text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat() if cell.time() == datetime.time() else cell.isoformat()
    if isinstance(cell, datetime.date | datetime.time):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return restore_formula_text(str(cell)).strip()


def language_code(header_language: str) -> str | None:
    """``sv`` for ``Svenska (sv)``; also a bare code like ``sv`` or a language's English or
    own name (``English``, ``Arabic``, ``العربية``, ``ትግርኛ``); None when unknown."""
    match = LANGUAGE_CODE.search(header_language)
    if match:
        return match.group("code").replace("_", "-")
    candidate = header_language.strip()
    if re.fullmatch(r"[a-z]{2,3}", candidate):
        return candidate
    return _language_names().get(candidate.casefold())


@cache
def _language_names() -> dict[str, str]:
    """Language name (English and the language's own, case-folded) → code."""
    from babel.localedata import locale_identifiers

    names: dict[str, str] = {}
    for code in sorted(locale_identifiers()):
        if "_" in code:
            continue
        locale = Locale.parse(code)
        for name in (locale.get_display_name("en"), locale.get_display_name(code)):
            if name:
                names.setdefault(name.casefold(), code)
    return names


@cache
def language_header(code: str) -> str:
    """The XLSForm language name for ``code``, as ODK recommends: ``Swedish (sv)``."""
    try:
        name = Locale.parse(code).get_display_name("en") or code
    except (UnknownLocaleError, ValueError):
        name = code
    return f"{name} ({code})"


def split_column(column: str) -> tuple[str, str | None]:
    """``('label', 'Swedish (sv)')`` for ``label::Swedish (sv)``, else (column, None)."""
    match = LANGUAGE_COLUMN.match(column)
    if match and match.group("base").strip().lower() not in ("bind", "instance", "body"):
        return match.group("base").strip().lower(), match.group("language").strip()
    return column.strip().lower() if "::" not in column else column.strip(), None
