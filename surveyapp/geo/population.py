"""Population margins per area × sex × age group × year, imported from SCB-style CSV tables.

Expected CSV (one row per cell, header row required, ``;`` or ``,`` separated, UTF-8 with or
without BOM, or Windows-1252)::

    region;kön;ålder;år;antal
    0682R001;män;16-24 år;2025;412
    0682R001;kvinnor;16-24 år;2025;398

* ``region`` — the area code (must be an area known to the app; SCB's "0682R001 Centrum"
  style, code followed by a name, is accepted too).
* ``kön`` — ``män``/``kvinnor`` (SCB's labels), ``1``/``2`` (SCB's codes: 1 = män,
  2 = kvinnor) or ``m``/``f``.
* ``ålder`` — the age groups ``16-24``, ``25-44``, ``45-64``, ``65-84``; SCB's labels such as
  ``16-24 år`` or ``16–24 år`` are accepted.
* ``år`` — the year; ``antal`` — a non-negative whole number (spaces as thousands separators
  are accepted).

Column names are matched without regard to case (``region``/``område``, ``kön``/``sex``,
``ålder``/``age``, ``år``/``year``, ``antal``/``count``). Every area of the file must have all
2 × 4 cells for each year; all problems are reported at once, with line numbers.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import ForeignKey, String, UniqueConstraint, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from surveyapp.db import Model, db
from surveyapp.geo.models import Area
from surveyapp.uploads import decode_text, not_text_message

SEXES = ("f", "m")
AGE_GROUPS = ("16-24", "25-44", "45-64", "65-84")
_SEX_LABELS = {"män": "m", "man": "m", "1": "m", "m": "m", "men": "m", "male": "m",
               "kvinnor": "f", "kvinna": "f", "2": "f", "f": "f", "k": "f", "women": "f",
               "female": "f"}
_COLUMNS = {
    "region": ("region", "område", "omrade", "area", "area_code"),
    "sex": ("kön", "kon", "sex"),
    "age": ("ålder", "alder", "age", "age_group"),
    "year": ("år", "ar", "year"),
    "count": ("antal", "count", "folkmängd", "population"),
}


class PopulationCell(Model):
    """The number of residents of one area, sex and age group in one year."""

    __tablename__ = "population_cell"
    __table_args__ = (UniqueConstraint("area_id", "year", "sex", "age_group"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id", ondelete="CASCADE"), index=True)
    year: Mapped[int]
    sex: Mapped[str] = mapped_column(String(8))
    age_group: Mapped[str] = mapped_column(String(16))
    count: Mapped[int]


class PopulationError(ValueError):
    """A population file that cannot be imported; ``problems`` lists every problem found."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ParsedCell:
    """One valid row of a population file."""

    area_code: str
    sex: str
    age_group: str
    year: int
    count: int


def decode(raw: bytes) -> str:
    """Text of an uploaded file: UTF-8 (BOM stripped) or, failing that, Windows-1252; raises
    :class:`PopulationError` for bytes that are neither (a binary file)."""
    text = decode_text(raw)
    if text is None:
        raise PopulationError([not_text_message()])
    return text


def parse_population(text: str, known_areas: Iterable[str]) -> list[ParsedCell]:
    """Validate a population table; raise :class:`PopulationError` with every problem."""
    known = set(known_areas)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise PopulationError([_("The file is empty.")])
    delimiter = ";" if lines[0].count(";") >= lines[0].count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader)]
    positions: dict[str, int] = {}
    problems: list[str] = []
    for column, names in _COLUMNS.items():
        found = next((i for i, h in enumerate(header) if h in names), None)
        if found is None:
            problems.append(_("Column “%(column)s” is missing (expected columns: "
                              "region;kön;ålder;år;antal).", column=names[0]))
        else:
            positions[column] = found
    if problems:
        raise PopulationError(problems)
    cells: dict[tuple[str, int, str, str], ParsedCell] = {}
    for line_no, row in enumerate(reader, start=2):
        if not any(value.strip() for value in row):
            continue
        cell = _parse_row(row, positions, known, line_no, problems)
        if cell is None:
            continue
        key = (cell.area_code, cell.year, cell.sex, cell.age_group)
        if key in cells:
            problems.append(_("Line %(line)s: the same cell appears twice.", line=line_no))
        cells[key] = cell
    problems.extend(_missing_cells(cells))
    if problems:
        raise PopulationError(problems)
    if not cells:
        raise PopulationError([_("The file has no population rows.")])
    return list(cells.values())


def _parse_row(row: list[str], positions: dict[str, int], known: set[str], line_no: int,
               problems: list[str]) -> ParsedCell | None:
    if len(row) <= max(positions.values()):
        problems.append(_("Line %(line)s: too few columns.", line=line_no))
        return None
    value = {key: row[index].strip() for key, index in positions.items()}
    before = len(problems)
    area = value["region"].split(" ", 1)[0]
    if area not in known:
        problems.append(_("Line %(line)s: unknown area “%(area)s”.", line=line_no, area=area))
    sex = _SEX_LABELS.get(value["sex"].lower())
    if sex is None:
        problems.append(_("Line %(line)s: unknown sex “%(value)s” (use män/kvinnor or 1/2).",
                          line=line_no, value=value["sex"]))
    age = _age_group(value["age"])
    if age is None:
        problems.append(_("Line %(line)s: unknown age group “%(value)s” (use %(groups)s).",
                          line=line_no, value=value["age"], groups=", ".join(AGE_GROUPS)))
    year = value["year"] if re.fullmatch(r"[0-9]{4}", value["year"]) else None
    if year is None:
        problems.append(_("Line %(line)s: the year “%(value)s” is not a year.", line=line_no,
                          value=value["year"]))
    count_text = re.sub(r"[\s\u00a0]", "", value["count"])
    # ASCII digits, at most 9 (an INTEGER column holds up to 2 147 483 647)
    count = int(count_text) if re.fullmatch(r"-?[0-9]{1,9}", count_text) else None
    if count is None:
        problems.append(_("Line %(line)s: the count “%(value)s” is not a whole number.",
                          line=line_no, value=value["count"]))
    elif count < 0:
        problems.append(_("Line %(line)s: the count %(value)s is negative.", line=line_no,
                          value=count))
    if len(problems) > before:
        return None
    # every check above that left a value None also added a problem
    assert sex is not None and age is not None and year is not None and count is not None
    return ParsedCell(area, sex, age, int(year), count)


def _age_group(raw: str) -> str | None:
    text = raw.lower().replace("–", "-").replace("—", "-").replace("år", "").replace(" ", "")
    return text if text in AGE_GROUPS else None


def _missing_cells(cells: dict[tuple[str, int, str, str], ParsedCell]) -> list[str]:
    problems = []
    for area, year in sorted({(k[0], k[1]) for k in cells}):
        missing = [f"{sex}/{age}" for sex in SEXES for age in AGE_GROUPS
                   if (area, year, sex, age) not in cells]
        if missing:
            problems.append(_("Area %(area)s, year %(year)s: missing cells %(cells)s.",
                              area=area, year=year, cells=", ".join(missing)))
    return problems


def import_population(raw: bytes) -> int:
    """Replace the stored cells of every (area, year) in the file; returns the cell count."""
    areas = {a.code: a.id for a in db.session.scalars(select(Area))}
    cells = parse_population(decode(raw), areas)
    for area_code, year in {(c.area_code, c.year) for c in cells}:
        db.session.execute(delete(PopulationCell).where(
            PopulationCell.area_id == areas[area_code], PopulationCell.year == year))
    db.session.add_all(PopulationCell(area_id=areas[c.area_code], year=c.year, sex=c.sex,
                                      age_group=c.age_group, count=c.count) for c in cells)
    db.session.flush()
    return len(cells)


def population_years() -> list[int]:
    """Years with population cells, newest first."""
    return list(db.session.scalars(
        select(PopulationCell.year).distinct().order_by(PopulationCell.year.desc())))


def population_table(year: int) -> list[tuple[str, str, str, int]]:
    """``(area_code, sex, age_group, count)`` for every stored cell of ``year``."""
    rows = db.session.execute(
        select(Area.code, PopulationCell.sex, PopulationCell.age_group, PopulationCell.count)
        .join(Area, Area.id == PopulationCell.area_id).where(PopulationCell.year == year))
    return [(code, sex, age_group, count) for code, sex, age_group, count in rows]
