"""Population per area × sex × age × year, imported from SCB's Statistikdatabasen exports.

The file is read as PX-Web exports it (see :mod:`surveyapp.geo.pxweb` for the layouts: long or
wide, tab/comma/semicolon, UTF-8 with or without BOM or Windows-1252). Ages are kept as the
file gives them — single years (``16 år``) or groups (``16-19 år``, ``100+ år``), any lowest
and highest age — and a campaign's age grouping (:mod:`surveyapp.geo.ages`) sums them when
weighting. Every area of the file must be known to the app; the same ages must be given for
both sexes, without overlaps. Areas without figures of their own (e.g. a RegSO) get the sum of
the areas under them (e.g. its DeSO), see :func:`population_table`. All problems are reported
at once, each with its line and column.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import ForeignKey, String, UniqueConstraint, delete, insert, select
from sqlalchemy.orm import Mapped, mapped_column

from surveyapp.db import Model, db
from surveyapp.geo.ages import AgeRange, parse_age
from surveyapp.geo.models import Area
from surveyapp.geo.pxweb import LayoutError, read_cells
from surveyapp.uploads import FileRefused, decode_text, not_text_message

SEXES = ("f", "m")
AGE_GROUPS = ("16-24", "25-44", "45-64", "65-84")
MAX_PROBLEMS = 200  # listed one by one; the rest are counted


class PopulationCell(Model):
    """The number of residents of one area, sex and age (one year or a group) in one year."""

    __tablename__ = "population_cell"
    __table_args__ = (UniqueConstraint("area_id", "year", "sex", "age_group"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id", ondelete="CASCADE"), index=True)
    year: Mapped[int]
    sex: Mapped[str] = mapped_column(String(8))
    age_group: Mapped[str] = mapped_column(String(16))
    count: Mapped[int]


class PopulationError(FileRefused):
    """A population file that cannot be imported; ``problems`` lists every problem found."""


@dataclass(frozen=True)
class ParsedCell:
    """One valid figure of a population file (``age_group`` a label: 16, 16-19, 100+)."""

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
    problems: list[str] = []
    cells: dict[tuple[str, int, str, str], ParsedCell] = {}
    ages: dict[tuple[str, int, str], list[AgeRange]] = defaultdict(list)
    unknown: dict[str, tuple[int, str, set[int]]] = {}
    try:
        for raw in read_cells(text, problems):
            if raw.region not in known:
                unknown.setdefault(raw.region, (raw.line, raw.region_column, set()))[2].add(
                    raw.line)
                continue
            key = (raw.region, raw.year, raw.sex, raw.age.label)
            if key in cells:
                problems.append(_("Line %(line)s, column “%(column)s”: the same cell appears "
                                  "twice.", line=raw.line, column=raw.column))
                continue
            overlap = next((a for a in ages[key[:3]] if a.overlaps(raw.age)), None)
            if overlap is not None:
                problems.append(_("Line %(line)s: the age %(age)s overlaps the age %(other)s "
                                  "of the same area, sex and year.", line=raw.line,
                                  age=raw.age.label, other=overlap.label))
                continue
            ages[key[:3]].append(raw.age)
            cells[key] = ParsedCell(raw.region, raw.sex, raw.age.label, raw.year, raw.count)
    except LayoutError as error:
        raise PopulationError(error.problems) from None
    for area, (line, column, lines) in unknown.items():
        more = len(lines) - 1
        problems.append(_("Line %(line)s, column “%(column)s”: unknown area “%(area)s”.",
                          line=line, column=column, area=area) + (
            " " + _("(Also on %(count)s more lines.)", count=more) if more else ""))
    problems.extend(_missing_cells(cells))
    if len(problems) > MAX_PROBLEMS:
        more = len(problems) - MAX_PROBLEMS
        problems = problems[:MAX_PROBLEMS] + [_("… and %(count)s more problems.", count=more)]
    if problems:
        raise PopulationError(problems)
    if not cells:
        raise PopulationError([_("The file has no population rows.")])
    return list(cells.values())


def _age_order(label: str) -> tuple[int, int]:
    age = parse_age(label)
    return (age.low, age.high if age.high is not None else 999) if age else (999, 999)


def _missing_cells(cells: dict[tuple[str, int, str, str], ParsedCell]) -> list[str]:
    """Both sexes of an area and year need the same ages."""
    labels: dict[tuple[str, int], set[tuple[str, str]]] = defaultdict(set)
    for area, year, sex, label in cells:
        labels[(area, year)].add((sex, label))
    problems = []
    for (area, year), present in sorted(labels.items()):
        ages = sorted({label for _sex, label in present}, key=_age_order)
        missing = [f"{sex}/{age}" for sex in SEXES for age in ages if (sex, age) not in present]
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
    db.session.execute(insert(PopulationCell), [
        {"area_id": areas[c.area_code], "year": c.year, "sex": c.sex, "age_group": c.age_group,
         "count": c.count} for c in cells])
    db.session.flush()
    return len(cells)


def population_years() -> list[int]:
    """Years with population cells, newest first."""
    return list(db.session.scalars(
        select(PopulationCell.year).distinct().order_by(PopulationCell.year.desc())))


def population_table(year: int) -> list[tuple[str, str, str, int]]:
    """``(area_code, sex, age_group, count)`` for every stored cell of ``year``, and for every
    area without cells of its own in ``year`` the sums of the areas under it (any depth: DeSO
    → RegSO → district) that have cells."""
    rows = db.session.execute(
        select(Area.code, PopulationCell.sex, PopulationCell.age_group, PopulationCell.count)
        .join(Area, Area.id == PopulationCell.area_id).where(PopulationCell.year == year))
    own = [(code, sex, age_group, count) for code, sex, age_group, count in rows]
    areas = list(db.session.execute(select(Area.id, Area.code, Area.parent_id)))
    parents = {code: parent_id for _id, code, parent_id in areas}
    codes = {area_id: code for area_id, code, _parent in areas}
    with_cells = {code for code, *_rest in own}
    sums: dict[tuple[str, str, str], int] = defaultdict(int)
    for code, sex, age_group, count in own:
        seen = {code}
        parent_id = parents.get(code)
        while parent_id is not None and codes.get(parent_id) not in seen:
            parent = codes[parent_id]
            seen.add(parent)
            if parent not in with_cells:
                sums[(parent, sex, age_group)] += count
            parent_id = parents.get(parent)
    return own + [(area, sex, age_group, count) for (area, sex, age_group), count in sums.items()]
