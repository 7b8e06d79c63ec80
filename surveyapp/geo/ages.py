"""Ages and age groupings: SCB's age labels, a campaign's grouping and how population cells and
answers are put into its groups. Pure Python and pandas; no database and no Flask.

An age is a range of whole years ``low``–``high`` (both included); ``high`` is ``None`` for an
open top group such as SCB's ``100+ år``. Stored labels are ``16`` (one year), ``16-19`` and
``100+``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd
from flask_babel import gettext as _

_SINGLE = re.compile(r"(\d{1,3})")
_RANGE = re.compile(r"(\d{1,3})-(\d{1,3})")
_OPEN = re.compile(r"(\d{1,3})(?:\+|-|ochäldre|ochöver|andolder|andover|orolder)")


class AgeGroupingError(ValueError):
    """An age grouping that cannot be used; the message is shown to the analyst."""


@dataclass(frozen=True, order=True)
class AgeRange:
    """Whole years ``low`` to ``high`` (both included); ``high`` None = and older."""

    low: int
    high: int | None

    @property
    def label(self) -> str:
        """``16``, ``16-19`` or ``100+``."""
        if self.high is None:
            return f"{self.low}+"
        return str(self.low) if self.low == self.high else f"{self.low}-{self.high}"

    def within(self, other: AgeRange) -> bool:
        """Whether every age of this range lies in ``other``."""
        if self.low < other.low:
            return False
        if other.high is None:
            return True
        return self.high is not None and self.high <= other.high

    def overlaps(self, other: AgeRange) -> bool:
        """Whether the two ranges share an age."""
        first, second = sorted((self, other))
        return first.high is None or second.low <= first.high


def parse_age(text: str) -> AgeRange | None:
    """An SCB age label (``16 år``, ``16-19 år``, ``16–19``, ``100+ år``, ``80- år``,
    ``100 år och äldre``) or a stored label as a range; None when it is not one."""
    compact = re.sub(r"[\s\u00a0]+", "", text.lower())
    compact = compact.replace("–", "-").replace("—", "-").replace("år", "").replace("years", "")
    if match := _SINGLE.fullmatch(compact):
        return AgeRange(int(match[1]), int(match[1]))
    if match := _RANGE.fullmatch(compact):
        low, high = int(match[1]), int(match[2])
        return AgeRange(low, high) if low <= high else None
    if match := _OPEN.fullmatch(compact):
        return AgeRange(int(match[1]), None)
    return None


def parse_grouping(text: str) -> tuple[AgeRange, ...]:
    """A campaign's age grouping from ``13-15, 16-19, 20-24, 25+`` (commas, semicolons or new
    lines between groups). The groups must be contiguous and in order, without overlaps; only
    the last may be open. Raises :class:`AgeGroupingError`."""
    parts = [part.strip() for part in re.split(r"[,;\n]", text) if part.strip()]
    if not parts:
        raise AgeGroupingError(_("Write the age groups, e.g. 13-15, 16-19, 20-24."))
    groups: list[AgeRange] = []
    for part in parts:
        group = parse_age(part)
        if group is None:
            raise AgeGroupingError(_("The age group “%(group)s” is not understood (write e.g. "
                                     "16-19, or 85+ for the last group).", group=part))
        if groups:
            previous = groups[-1]
            if previous.high is None or group.low <= previous.high:
                raise AgeGroupingError(_("The age groups %(first)s and %(second)s overlap.",
                                         first=previous.label, second=group.label))
            if group.low != previous.high + 1:
                raise AgeGroupingError(_("The age groups are not contiguous: ages %(low)s–"
                                         "%(high)s are missing between %(first)s and "
                                         "%(second)s.", low=previous.high + 1,
                                         high=group.low - 1, first=previous.label,
                                         second=group.label))
        groups.append(group)
    return tuple(groups)


def grouping_labels(groups: tuple[AgeRange, ...]) -> str:
    """The grouping as the analyst writes it (``13-15, 16-19``)."""
    return ", ".join(group.label for group in groups)


def group_population(cells: pd.DataFrame, groups: tuple[AgeRange, ...]) -> pd.DataFrame:
    """Population cells ``area, sex, age_group, count`` summed into ``groups``.

    Cells outside every group (ages the campaign does not ask) are left out. A cell that
    straddles a group boundary, or a group that the cells of an area and sex do not cover
    completely, raises :class:`AgeGroupingError`.
    """
    labels = sorted(set(cells["age_group"]))
    ranges = {label: parse_age(label) for label in labels}
    target: dict[str, str] = {}
    for label, age in ranges.items():
        if age is None:
            raise AgeGroupingError(_("The population table has the age group “%(label)s”, "
                                     "which is not an age.", label=label))
        inside = next((g for g in groups if age.within(g)), None)
        if inside is not None:
            target[label] = inside.label
        elif any(age.overlaps(g) for g in groups):
            raise AgeGroupingError(_(
                "The population table's age group %(cell)s does not fit the grouping "
                "%(groups)s: choose groups whose limits are limits of the table's groups, "
                "or import single-year ages.", cell=age.label, groups=grouping_labels(groups)))
    _check_coverage(cells, groups, ranges)
    kept = cells[cells["age_group"].isin(list(target))]
    grouped = kept.assign(age_group=kept["age_group"].map(target))
    return grouped.groupby(["area", "sex", "age_group"])["count"].sum().reset_index()


def _check_coverage(cells: pd.DataFrame, groups: tuple[AgeRange, ...],
                    ranges: dict[str, AgeRange | None]) -> None:
    """Every group is covered, without gaps, by the cells of every area and sex."""
    for (area, sex), labels in cells.groupby(["area", "sex"])["age_group"]:
        ages = sorted(a for a in (ranges[label] for label in set(labels)) if a is not None)
        for group in groups:
            inside = [a for a in ages if a.within(group)]
            if not _covers(inside, group):
                raise AgeGroupingError(_(
                    "The population table does not cover the ages %(group)s for area "
                    "%(area)s (sex %(sex)s): its ages are %(ages)s.", group=group.label,
                    area=area, sex=sex, ages=_span(ages)))


def _covers(ages: list[AgeRange], group: AgeRange) -> bool:
    expected = group.low
    for age in ages:
        if age.low != expected:
            return False
        if age.high is None:
            return group.high is None
        expected = age.high + 1
    return group.high is not None and expected == group.high + 1


def _span(ages: list[AgeRange]) -> str:
    if not ages:
        return "–"
    top = ages[-1].high
    return f"{ages[0].low}–{top}" if top is not None else f"{ages[0].low}+"


def group_answers(values: pd.Series, groups: tuple[AgeRange, ...], unknown: str) -> pd.Series:
    """Answers' ages (``14``, or a range such as ``16-19`` from an age question with groups)
    as the label of their group; ``unknown`` for no answer, a range that straddles groups and
    ages outside every group."""
    mapping: dict[object, str] = {}
    for value in values.dropna().unique():
        age = parse_age(str(value))
        group = next((g for g in groups if age is not None and age.within(g)), None)
        mapping[value] = group.label if group is not None else unknown
    return values.map(mapping).fillna(unknown).astype(object)
