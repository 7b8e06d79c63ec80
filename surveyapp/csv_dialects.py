"""The two CSV dialects every CSV download is written in, and the one writer they share.

``excel-sv`` (the default) is what Excel with Swedish settings opens by double-click: UTF-8 with
a byte-order mark (else Excel reads å, ä, ö as cp1252), ``;`` between fields (``,`` is the
decimal mark there), decimal comma in figures (a weight ``1.25`` is written ``1,25``; integers
and text are unchanged) and CRLF line ends. ``rfc4180`` (``?format=rfc4180`` on a download) is
plain RFC 4180 for R, pandas or a database: UTF-8 without a byte-order mark, ``,``, decimal point,
CRLF.

Fields are quoted only when needed (a delimiter, a quote or a line break in them), as RFC 4180
allows. Formula neutralisation stays the callers' job
(:func:`questionnaires.spreadsheet_cells.neutralise_formula`); a float is a float, so the
decimal comma never makes a cell look like a formula.
"""

from __future__ import annotations

import csv
import io
import numbers
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from flask import abort, request

BOM = "\ufeff"
FORMAT_PARAMETER = "format"


@dataclass(frozen=True)
class CsvDialect:
    """How a CSV file is written: field delimiter, decimal mark and whether a BOM leads."""

    name: str
    delimiter: str
    decimal: str
    bom: bool
    line_end: str = "\r\n"

    def figure(self, value: object) -> object:
        """A non-integer number with this dialect's decimal mark; anything else unchanged."""
        kind = type(value)
        if kind is float:  # the common case first: a row of 60 cells, 100 000 rows
            return repr(value).replace(".", self.decimal)
        if kind is int or kind is str or isinstance(value, bool | numbers.Integral):
            return value
        if isinstance(value, Decimal):
            return str(value).replace(".", self.decimal)
        if isinstance(value, numbers.Real):
            return repr(float(value)).replace(".", self.decimal)
        return value

    def reader(self, text: str) -> list[list[str]]:
        """The rows of ``text`` written in this dialect (the BOM dropped): for tests and for
        reading our own files back."""
        if text.startswith(BOM):
            text = text[len(BOM):]
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=self.delimiter))


EXCEL_SV = CsvDialect("excel-sv", delimiter=";", decimal=",", bom=True)
RFC4180 = CsvDialect("rfc4180", delimiter=",", decimal=".", bom=False)
DIALECTS = {dialect.name: dialect for dialect in (EXCEL_SV, RFC4180)}
DEFAULT = EXCEL_SV


def requested_dialect() -> CsvDialect:
    """The dialect a download asks for with ``?format=`` (``excel-sv`` when absent); an unknown
    name is a 400."""
    name = request.args.get(FORMAT_PARAMETER)
    if not name:
        return DEFAULT
    if name not in DIALECTS:
        abort(400)
    return DIALECTS[name]


class CsvWriter:
    """Rows in one dialect, taken as text in chunks; the BOM (if any) leads the first chunk
    only, so a streamed body holds it once."""

    def __init__(self, dialect: CsvDialect = DEFAULT) -> None:
        self.dialect = dialect
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, delimiter=dialect.delimiter,
                                  lineterminator=dialect.line_end)
        self._started = False

    def row(self, values: Iterable[object]) -> None:
        """One record; floats get the dialect's decimal mark."""
        if self.dialect.decimal == ".":
            self._writer.writerow(values)
        else:  # inlined for ints, text and floats: a 100 000-row export has millions of cells
            figure, mark = self.dialect.figure, self.dialect.decimal
            self._writer.writerow([
                value if (kind := type(value)) is int or kind is str
                else repr(value).replace(".", mark) if kind is float else figure(value)
                for value in values])

    def rows(self, rows: Iterable[Iterable[object]]) -> None:
        """Several records."""
        for values in rows:
            self.row(values)

    def take(self) -> str:
        """The text written since the last call (with the BOM in front the first time)."""
        text = self._buffer.getvalue()
        self._buffer.seek(0)
        self._buffer.truncate()
        if not self._started:
            self._started = True
            if self.dialect.bom:
                text = BOM + text
        return text
