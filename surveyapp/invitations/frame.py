"""Read a sampling-frame CSV: serial and strata for the invitations, name and address for the
letters only.

The name and address columns are never stored: they are read into memory, put in the letters of
the one response that prints them, and dropped. The serial number (*löpnummer*) identifies the
row for good: the row's code is derived from it, so the same frame uploaded again for a reminder
gives the same codes. Column names may be English or Swedish; the delimiter (comma, semicolon or
tab) and the encoding (UTF-8, else Windows-1252 as Excel writes it) are detected.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

MAX_ROWS = 50_000
MAX_SERIAL = 64

COLUMNS = {
    "serial": ("serial", "serial_number", "lopnummer", "löpnummer", "lopnr", "löpnr"),
    "area_code": ("area", "area_code", "omrade", "område", "omradeskod", "deso"),
    "sex": ("sex", "kon", "kön", "gender"),
    "age_group": ("age_group", "alder", "ålder", "aldersgrupp", "åldersgrupp"),
    "name": ("name", "namn"),
    "address": ("address", "adress", "utdelningsadress", "gatuadress"),
    "postcode": ("postcode", "postal_code", "postnummer", "postnr"),
    "city": ("city", "ort", "postort"),
}
REQUIRED = ("serial", "area_code", "name", "address")


class Problem(NamedTuple):
    """One thing wrong in a frame: its line (as in a spreadsheet), column, value and ``kind``:
    ``value`` (cannot be used), ``missing_column``, ``empty`` (file), ``too_many_rows``,
    ``duplicate`` (serial twice), ``not_csv`` (the csv module gave up), and for letters and
    reminders ``has_letter``, ``no_letter``, ``strata_changed`` (see ``invitations.services``)."""

    line: int
    column: str
    value: str
    kind: str = "value"


@dataclass(frozen=True)
class FrameRow:
    """One sampled resident: serial and strata (what the invitation keeps: the strata, and the
    code derived from the serial) and the letter's addressee."""

    line: int
    serial: str
    area_code: str
    sex: str | None
    age_group: str | None
    name: str
    address_lines: tuple[str, ...]

    def strata(self) -> dict[str, str | None]:
        """What the invitation stores: the strata, nothing that identifies the person."""
        return {"area_code": self.area_code, "sex": self.sex, "age_group": self.age_group}


@dataclass
class Frame:
    """The parsed rows, or the problems found (line numbers as in a spreadsheet)."""

    rows: list[FrameRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def decode(data: bytes) -> str:
    """The file's text: UTF-8 (with or without BOM), else Windows-1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_frame(
    text: str,
    area_codes: Collection[str],
    sexes: Collection[str] = (),
    age_groups: Collection[str] = (),
) -> Frame:
    """Parse the CSV ``text``; values must be among the campaign's areas and the questionnaire's
    codes (an empty collection accepts anything). Problems name the line, column and value."""
    frame = Frame()
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)  # the header decides: names have none
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        _read_rows(reader, frame, area_codes, sexes, age_groups)
    except csv.Error:  # e.g. a field longer than the csv module's limit
        frame.rows.clear()
        frame.problems.append(Problem(reader.line_num or 1, "", "", "not_csv"))
    return frame


def _read_rows(reader: Iterator[list[str]], frame: Frame, area_codes: Collection[str],
               sexes: Collection[str], age_groups: Collection[str]) -> None:
    header = next(reader, None)
    if header is None:
        frame.problems.append(Problem(1, "", "", "empty"))
        return
    index = _column_index(header)
    for column in REQUIRED:
        if column not in index:
            frame.problems.append(Problem(1, column, "", "missing_column"))
    if frame.problems:
        return
    allowed = {"area_code": set(area_codes), "sex": set(sexes), "age_group": set(age_groups)}
    seen: set[str] = set()
    for line, values in enumerate(reader, start=2):
        if not any(value.strip() for value in values):
            continue
        if len(frame.rows) >= MAX_ROWS:
            frame.problems.append(Problem(line, "", "", "too_many_rows"))
            break
        row = {key: _cell(values, position) for key, position in index.items()}
        for key, codes in allowed.items():
            value = row.get(key) or ""
            if (key in REQUIRED and not value) or (value and codes and value not in codes):
                frame.problems.append(Problem(line, key, value[:40]))
        if not row.get("name"):
            frame.problems.append(Problem(line, "name", ""))
        serial = row.get("serial") or ""
        if not serial or len(serial) > MAX_SERIAL:
            frame.problems.append(Problem(line, "serial", serial[:40]))
        elif serial in seen:
            frame.problems.append(Problem(line, "serial", serial[:40], "duplicate"))
        seen.add(serial)
        address = tuple(
            part for part in (row.get("address"), _postal(row)) if part
        )
        frame.rows.append(
            FrameRow(
                line=line,
                serial=serial,
                area_code=row.get("area_code") or "",
                sex=row.get("sex") or None,
                age_group=row.get("age_group") or None,
                name=(row.get("name") or "")[:200],
                address_lines=tuple(part[:200] for part in address),
            )
        )


def _column_index(header: list[str]) -> dict[str, int]:
    normalised = [name.strip().lower() for name in header]
    index = {}
    for key, names in COLUMNS.items():
        for position, name in enumerate(normalised):
            if name in names:
                index[key] = position
                break
    return index


def _cell(values: list[str], position: int) -> str:
    return values[position].strip() if position < len(values) else ""


def _postal(row: dict[str, str]) -> str:
    return " ".join(part for part in (row.get("postcode"), row.get("city")) if part)
