"""Reading population tables as SCB's Statistikdatabasen (PX-Web) exports them, unedited.

Accepted: tab, comma or semicolon separated; quoted or bare headers; a title line above the
header and footnote lines below the data; **long** layouts (one column per dimension and one
value column, e.g. ``region;kön;ålder;år;antal``) and **wide** layouts where years and/or
sexes are column headings (``"region","ålder","kön","2023","2024"`` or
``"region","ålder","män 2024","kvinnor 2024"``). Values: ``region`` ``0123A0010`` or
``0182 Nacka`` (the code is the first word); ``ålder`` ``16 år``, ``16-19 år``, ``100+ år``;
``kön`` ``män``/``kvinnor``/``1``/``2``; totals (``totalt``, ``samtliga``) are skipped.

Every problem names its line and column. No database and no Flask app needed beyond gettext.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass

from flask_babel import gettext as _

from surveyapp.geo.ages import AgeRange, parse_age
from surveyapp.uploads import FileRefused

SEX_LABELS = {"män": "m", "man": "m", "1": "m", "m": "m", "men": "m", "male": "m",
              "males": "m", "kvinnor": "f", "kvinna": "f", "2": "f", "f": "f", "k": "f",
              "women": "f", "female": "f", "females": "f"}
_HEADER_SEX = {k: v for k, v in SEX_LABELS.items() if len(k) > 2}
TOTALS = {"totalt", "total", "samtliga", "alla", "summa", "båda könen", "both sexes",
          "totalt ålder", "totalt kön", "ålder totalt", "kön totalt"}
DIMENSIONS = {
    "region": ("region", "område", "omrade", "area", "area_code", "deso", "regso",
               "regionkod", "kod"),
    "sex": ("kön", "kon", "sex"),
    "age": ("ålder", "alder", "age", "age_group", "åldersgrupp", "åldersklass"),
    "year": ("år", "ar", "year", "tid"),
    "contents": ("tabellinnehåll", "tabellinnehall", "contents", "table contents"),
}
VALUE_NAMES = ("antal", "count", "folkmängd", "folkmangd", "population", "värde", "varde",
               "value", "invånare", "befolkning")


class LayoutError(FileRefused):
    """The file's layout (header) is not understood; ``problems`` says why."""


@dataclass(frozen=True)
class RawCell:
    """One population figure read from the file, before areas are looked up."""

    line: int
    column: str
    region_column: str
    region: str
    sex: str
    age: AgeRange
    year: int
    count: int


@dataclass(frozen=True)
class _ValueColumn:
    index: int
    name: str
    sex: str | None
    year: int | None


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().strip('"').strip()).lower()


def _rows(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    reader = csv.reader(text.splitlines(), delimiter=delimiter)
    return [(reader.line_num, row) for row in reader]


def _header_index(rows: list[tuple[int, list[str]]]) -> int | None:
    for index, (_line, row) in enumerate(rows[:20]):
        cells = [_normal(c) for c in row]
        if len(cells) >= 2 and any(c in DIMENSIONS["region"] for c in cells):
            return index
    return None


def split_table(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the data rows (with their line numbers) of a PX-Web CSV, whichever of
    tab, semicolon and comma separates it. Raises :class:`LayoutError`."""
    if not text.strip():
        raise LayoutError([_("The file is empty.")])
    best: tuple[int, list[str], list[tuple[int, list[str]]]] | None = None
    for delimiter in ("\t", ";", ","):
        rows = _rows(text, delimiter)
        index = _header_index(rows)
        if index is None:
            continue
        header = rows[index][1]
        if best is None or len(header) > best[0]:
            best = (len(header), header, rows[index + 1:])
    if best is None:
        raise LayoutError([_("No header row with a column “region” was found (expected e.g. "
                             "region;kön;ålder;år;antal, as Statistikdatabasen exports it).")])
    _width, header, data = best
    while data and (len(data[-1][1]) <= 1 or not any(c.strip() for c in data[-1][1])):
        data.pop()  # footnotes and blank lines after the table
    return header, [(line, row) for line, row in data if any(c.strip() for c in row)]


def _value_column(index: int, name: str) -> _ValueColumn | None:
    """A wide column such as ``2024``, ``män 2024``, ``Folkmängd 2024`` or ``kvinnor``."""
    words = re.split(r"[\s,;:/_]+", _normal(name))
    year = next((int(w) for w in words if re.fullmatch(r"(19|20)\d\d", w)), None)
    sex = next((_HEADER_SEX[w] for w in words if w in _HEADER_SEX), None)
    if year is None and sex is None:
        return None
    return _ValueColumn(index, name.strip(), sex, year)


def read_layout(header: list[str]) -> tuple[dict[str, int], list[_ValueColumn]]:
    """Which column holds which dimension, and the value columns. Raises LayoutError naming
    the column that is not understood or the dimension that is missing."""
    stubs: dict[str, int] = {}
    values: list[_ValueColumn] = []
    problems: list[str] = []
    for index, raw in enumerate(header):
        name = _normal(raw)
        dimension = next((d for d, names in DIMENSIONS.items() if name in names), None)
        if dimension is not None and dimension not in stubs:
            stubs[dimension] = index
        elif name in VALUE_NAMES or (name and any(name.startswith(v) for v in VALUE_NAMES)
                                     and _value_column(index, raw) is None):
            values.append(_ValueColumn(index, raw.strip(), None, None))
        elif name in TOTALS or any(name.startswith(t + " ") for t in ("totalt", "total")):
            continue  # a total column (both sexes) is not needed
        elif (column := _value_column(index, raw)) is not None:
            values.append(column)
        else:
            problems.append(_("Column %(number)s “%(name)s” is not understood (expected "
                              "region, kön, ålder, år, a count, or years or sexes as "
                              "headings).", number=index + 1, name=raw.strip()))
    if problems:
        raise LayoutError(problems)
    if not values:
        problems.append(_("The file has no column with numbers (antal, or years or sexes as "
                          "headings)."))
    for dimension, label in (("region", "region"), ("age", "ålder")):
        if dimension not in stubs:
            problems.append(_("Column “%(column)s” is missing (expected columns: "
                              "region;kön;ålder;år;antal).", column=label))
    for dimension, label, attribute in (("sex", "kön", "sex"), ("year", "år", "year")):
        if dimension not in stubs and any(getattr(v, attribute) is None for v in values):
            problems.append(_("Column “%(column)s” is missing (expected columns: "
                              "region;kön;ålder;år;antal).", column=label))
    if problems:
        raise LayoutError(problems)
    return stubs, values


def read_cells(text: str, problems: list[str]) -> Iterator[RawCell]:
    """Every population figure of a PX-Web CSV. Problems of single values are appended to
    ``problems`` (line and column named); layout problems raise :class:`LayoutError`."""
    header, rows = split_table(text)
    stubs, values = read_layout(header)
    width = max([*stubs.values(), *(v.index for v in values)]) + 1

    def column_name(dimension: str) -> str:
        return header[stubs[dimension]].strip().strip('"')

    for line, row in rows:
        if len(row) < width:
            problems.append(_("Line %(line)s: too few columns (%(found)s of %(expected)s).",
                              line=line, found=len(row), expected=len(header)))
            continue
        stub = {d: row[i].strip() for d, i in stubs.items()}
        if any(_normal(stub.get(d, "")) in TOTALS for d in ("region", "sex", "age")):
            continue
        before = len(problems)
        region = stub["region"].split(" ", 1)[0]
        age = parse_age(stub["age"])
        if age is None:
            problems.append(_("Line %(line)s, column “%(column)s”: the age “%(value)s” is not "
                              "understood (use e.g. 16 år, 16-19 år or 100+ år).", line=line,
                              column=column_name("age"), value=stub["age"]))
        sex = year = None
        if "sex" in stubs:
            sex = SEX_LABELS.get(_normal(stub["sex"]))
            if sex is None:
                problems.append(_("Line %(line)s, column “%(column)s”: the sex “%(value)s” is "
                                  "not understood (use män/kvinnor or 1/2).", line=line,
                                  column=column_name("sex"), value=stub["sex"]))
        if "year" in stubs:
            year = int(stub["year"]) if re.fullmatch(r"[0-9]{4}", stub["year"]) else None
            if year is None:
                problems.append(_("Line %(line)s, column “%(column)s”: the year “%(value)s” "
                                  "is not a year.", line=line, column=column_name("year"),
                                  value=stub["year"]))
        if len(problems) > before or age is None:
            continue
        for column in values:
            count = _count(row[column.index], line, column.name, problems)
            cell_sex, cell_year = column.sex or sex, column.year or year
            if count is not None and cell_sex is not None and cell_year is not None:
                yield RawCell(line, column.name, column_name("region"), region, cell_sex,
                              age, cell_year, count)


def _count(raw: str, line: int, column: str, problems: list[str]) -> int | None:
    text = re.sub(r"[\s\u00a0]", "", raw)
    # ASCII digits, at most 9 (an INTEGER column holds up to 2 147 483 647)
    if not re.fullmatch(r"-?[0-9]{1,9}", text):
        problems.append(_("Line %(line)s, column “%(column)s”: the count “%(value)s” is not a "
                          "whole number.", line=line, column=column, value=raw.strip()))
        return None
    if int(text) < 0:
        problems.append(_("Line %(line)s, column “%(column)s”: the count %(value)s is "
                          "negative.", line=line, column=column, value=int(text)))
        return None
    return int(text)
