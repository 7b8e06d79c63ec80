"""Read a response file (SPSS ``.sav``, XLSX or CSV) into text columns.

Every cell becomes a string: numbers without a needless ``.0`` (SPSS stores codes as floats),
empty cells and SPSS system-missing values as ``""``. Value labels of an SPSS file are kept per
column so codes can be matched to the questionnaire's choices by their labels.

CSV: the delimiter (``;``, ``,`` or tab) is found from the header line; UTF-8 with or without
BOM, else Windows-1252. XLSX: the first sheet (or a sheet named ``data``), header in the first
row, read with python-calamine.

Row numbers reported to the user are those the user sees: in CSV and XLSX the header is row 1,
so the first response is row 2; in SPSS the first case is case 1.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pandas as pd
from flask_babel import gettext as _

from questionnaires.input_limits import InputTooComplex, check_zip
from surveyapp.uploads import decode_text, not_text_message, refusal_message

KINDS = ("sav", "xlsx", "csv")
SAMPLE_VALUES = 100  # distinct values kept per column for the mapping page


class FileProblem(ValueError):
    """The file cannot be read as a table; the message says why (translated)."""


@dataclass
class Table:
    """A file as columns of strings, with SPSS value labels and the first response's row."""

    kind: str
    columns: list[str]
    cells: dict[str, list[str]]
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    first_row: int = 2
    # the row number of each response when blank rows were skipped (else first_row + index)
    numbers: list[int] | None = None

    def row_number(self, index: int) -> int:
        """The row (CSV, XLSX) or case (SPSS) number of the response at ``index``."""
        return self.numbers[index] if self.numbers is not None else self.first_row + index

    @property
    def row_count(self) -> int:
        """How many responses the file holds."""
        return len(next(iter(self.cells.values()))) if self.cells else 0

    def describe(self) -> list[dict[str, Any]]:
        """Per column: its name, its first distinct values (sorted), how many there are, and
        its value labels (for the mapping page)."""
        out = []
        for name in self.columns:
            distinct = sorted({v for v in self.cells[name] if v != ""}, key=_natural)
            out.append({"name": name, "values": distinct[:SAMPLE_VALUES],
                        "distinct": len(distinct), "labels": self.labels.get(name, {})})
        return out


def kind_of(filename: str) -> str | None:
    """``sav``, ``xlsx`` or ``csv`` from the file name's ending, else ``None``."""
    ending = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if ending in ("txt", "tsv"):
        return "csv"
    return ending if ending in KINDS else None


def read_table(data: bytes, kind: str) -> Table:
    """The file as a :class:`Table`; :class:`FileProblem` when it cannot be read."""
    if kind == "sav":
        return _read_sav(data)
    if kind == "xlsx":
        return _read_xlsx(data)
    return _read_csv(data)


def cell_text(value: Any) -> str:
    """A cell as text: ``2.0`` → ``"2"``, missing → ``""``, dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def _texts(values: Sequence[Any] | pd.Series) -> list[str]:
    """``cell_text`` of every value, formatting each distinct value once."""
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    texts = [cell_text(u) for u in uniques]
    texts.append("")  # code -1 (missing) picks the last entry
    return [texts[c] for c in codes]


def _columns(header: Sequence[Any]) -> list[str]:
    names = [cell_text(h) for h in header]
    problems = []
    for position, name in enumerate(names, start=1):
        if not name:
            problems.append(_("Column %(n)s has no name in the first row.", n=position))
        elif names.index(name) != position - 1:
            problems.append(_("The column name “%(name)s” is used twice.", name=name))
    if problems:
        raise FileProblem(" ".join(problems))
    if not names:
        raise FileProblem(_("The file has no columns."))
    return names


def _blank_unlabelled_missing(frame: pd.DataFrame, meta: Any) -> None:
    """User-missing values without a value label become blank; labelled ones stay codes.

    A "Vet ej" (9) that the file declares user-missing is an answer with a label — the app's
    own SPSS export writes it so — and keeps its code; a bare 99 declared missing stays blank,
    as it was before user-missing values were read."""
    labels = meta.variable_value_labels or {}
    for name, ranges in (meta.missing_ranges or {}).items():
        if name not in frame.columns:
            continue
        values = frame[name]
        numeric = pd.to_numeric(values, errors="coerce")
        missing = pd.Series(False, index=frame.index)
        for limits in ranges:
            low, high = limits["lo"], limits["hi"]
            if isinstance(low, str):  # string variables: discrete values
                missing |= values == low
            else:
                missing |= numeric.between(low, high)
        missing &= ~values.isin(list(labels.get(name, {})))
        if missing.any():
            frame[name] = values.where(~missing, None)


def _read_sav(data: bytes) -> Table:
    import pyreadstat

    handle, path = tempfile.mkstemp(suffix=".sav")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        try:
            frame, meta = pyreadstat.read_sav(path, user_missing=True)
        except Exception as error:  # pyreadstat raises its own ReadstatError and others
            raise FileProblem(_("The file could not be read as SPSS (.sav): %(error)s",
                                error=str(error))) from error
    finally:
        os.unlink(path)
    _blank_unlabelled_missing(frame, meta)
    columns = _columns(list(frame.columns))
    labels = {name: {cell_text(code): str(label) for code, label in value_labels.items()}
              for name, value_labels in (meta.variable_value_labels or {}).items()}
    cells = {name: _texts(frame[name]) for name in columns}
    return Table("sav", columns, cells, labels, first_row=1)


# A response workbook unpacks to far more than a questionnaire: 100 000 rows × 40 columns are
# about 250 MB of sheet XML, which calamine (Rust) parses in a few seconds.
MAX_WORKBOOK_UNPACKED = 1024 * 1024 * 1024


def _read_xlsx(data: bytes) -> Table:
    """The sheet named ``data``, else the first, read with python-calamine (openpyxl's read-only
    reader took 48 s for 100 000 rows). Empty cells are ``""``; row numbers are the sheet's."""
    from python_calamine import CalamineWorkbook

    try:
        check_zip(data, MAX_WORKBOOK_UNPACKED)
    except InputTooComplex as error:
        raise FileProblem(refusal_message(error)) from None
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        name = "data" if "data" in book.sheet_names else book.sheet_names[0]
        rows = iter(book.get_sheet_by_name(name).to_python(skip_empty_area=False))
    except Exception as error:  # zip, XML and calamine errors alike
        raise FileProblem(_("The file could not be read as an Excel workbook (.xlsx): "
                            "%(error)s", error=str(error))) from error
    header = list(next(rows, []))
    while header and header[-1] in ("", None):
        header.pop()
    if not header:
        raise FileProblem(_("The file has no columns."))
    columns = _columns(header)
    width = len(columns)
    raw: list[list[Any]] = [[] for _name in columns]
    numbers = []
    for number, row in enumerate(rows, start=2):
        if all(v in ("", None) for v in row):
            continue
        numbers.append(number)
        padded = (tuple(row) + ("",) * width)[:width]
        for values, value in zip(raw, padded, strict=True):
            values.append(value)
    return Table("xlsx", columns, {name: _texts(v) for name, v in zip(columns, raw, strict=True)},
                 numbers=numbers)


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (";", "\t", ",")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(data: bytes) -> Table:
    text = decode_text(data)
    if text is None:
        raise FileProblem(not_text_message())
    header_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(header_line))
    try:
        rows = list(reader)
    except csv.Error as error:
        raise FileProblem(_("The file could not be read as CSV: %(error)s",
                            error=str(error))) from error
    if not rows:
        raise FileProblem(_("The file has no columns."))
    columns = _columns(rows[0])
    width = len(columns)
    numbered = [(number, row) for number, row in enumerate(rows[1:], start=2)
                if any(cell.strip() for cell in row)]
    body = [row for _number, row in numbered]
    wrong = [str(number) for number, row in numbered if len(row) != width]
    if wrong:
        raise FileProblem(_("Rows %(rows)s do not have %(n)s cells like the first row.",
                            rows=", ".join(wrong[:20]) + (" …" if len(wrong) > 20 else ""),
                            n=width))
    cells = {name: _whole([row[i] for row in body]) for i, name in enumerate(columns)}
    return Table("csv", columns, cells, numbers=[number for number, _row in numbered])


_WHOLE = re.compile(r"^(-?\d+)[.,]0+$")


def _whole(values: list[str]) -> list[str]:
    """CSV cells stripped, and whole numbers written as decimals (``2.0``, ``2,0``: a file
    saved from a statistics program or a data frame) as whole numbers, like SPSS values."""
    codes, uniques = pd.factorize(pd.Series(values, dtype=object))
    texts = []
    for value in uniques:
        value = str(value).strip()
        match = _WHOLE.match(value)
        texts.append(match.group(1) if match else value)
    texts.append("")
    return [texts[c] for c in codes]


def _natural(value: str) -> tuple[int, float, str]:
    """Numbers before text, numbers by value: 1, 2, 10, a, b."""
    try:
        return 0, float(value), value
    except ValueError:
        return 1, 0.0, value
