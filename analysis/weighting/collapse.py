"""Collapsing post-stratification cells that are empty or too small, with a report.

Rule (stated so that it can be printed next to the figures): cells are compared within each
combination of the *fixed* variables (in the app: area and sex) along one *ordered* variable
(the age group, ordered by its lower age). While a block of adjacent age groups has fewer than
``min_n`` respondents, the smallest such block (the youngest on a tie) is merged with its
neighbouring block that has fewer respondents (the younger on a tie). Categories whose label
does not start with a number (e.g. an unknown age) are not part of the order and never merged.
If all age groups of an area and sex together have fewer than ``min_n`` respondents they stay
merged into one cell (and are reported); a combination with no respondents at all cannot be
post-stratified and raises :class:`~analysis.errors.WeightingError`.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import pandas as pd

from analysis.errors import WeightingError

DEFAULT_MIN_CELL = 3
_LEADING_NUMBER = re.compile(r"^\s*(\d+)")


@dataclass(frozen=True)
class CollapsedCell:
    """One merged cell: the fixed variables' values, the merged categories and its n."""

    fixed: tuple[Hashable, ...]
    merged: tuple[Hashable, ...]
    n: int


def _order_key(label: Hashable) -> int | None:
    match = _LEADING_NUMBER.match(str(label))
    return int(match.group(1)) if match else None


def _blocks(counts: dict[Hashable, int], min_n: int) -> list[list[Hashable]]:
    ordered = sorted((c for c in counts if _order_key(c) is not None),
                     key=lambda c: (_order_key(c), str(c)))
    blocks = [[c] for c in ordered]

    def size(block: list[Hashable]) -> int:
        return sum(counts[c] for c in block)

    while len(blocks) > 1:
        small = [i for i, b in enumerate(blocks) if size(b) < min_n]
        if not small:
            break
        i = min(small, key=lambda k: (size(blocks[k]), k))
        neighbours = [j for j in (i - 1, i + 1) if 0 <= j < len(blocks)]
        j = min(neighbours, key=lambda k: (size(blocks[k]), k))
        lo, hi = min(i, j), max(i, j)
        blocks[lo:hi + 1] = [blocks[lo] + blocks[hi]]
    return blocks + [[c] for c in counts if _order_key(c) is None]


def collapse_cells(sample: pd.DataFrame, population: pd.DataFrame, fixed: Sequence[str],
                   ordered: str, count: str = "count", min_n: int = DEFAULT_MIN_CELL
                   ) -> tuple[pd.Series, pd.DataFrame, list[CollapsedCell]]:
    """Merge small post-strata along ``ordered`` within ``fixed`` (see the module docstring).

    ``sample`` has the ``fixed`` and ``ordered`` columns (one row per respondent),
    ``population`` those columns plus ``count``. Returns the merged label of ``ordered`` for
    every sample row (categories joined with ``"+"``), the population summed to the merged
    cells (same columns) and the list of merged cells (only cells of two or more categories).
    """
    names = [*fixed, ordered]
    n_cell = sample.groupby(names).size()
    label: dict[tuple[Hashable, ...], Hashable] = {}
    report: list[CollapsedCell] = []
    for key, group in population.groupby(list(fixed)):
        fixed_key = key if isinstance(key, tuple) else (key,)
        cats = list(dict.fromkeys(group[ordered]))
        cats += [c for c in sample.loc[(sample[list(fixed)] == list(fixed_key)).all(axis=1),
                                       ordered].unique() if c not in cats]
        counts = {c: int(n_cell.get((*fixed_key, c), 0)) for c in cats}
        if sum(counts.values()) == 0:
            where = dict(zip(fixed, fixed_key, strict=True))
            raise WeightingError(f"no respondents in the post-stratum {where}: it cannot be "
                                 "post-stratified (merge areas or rake instead)")
        for block in _blocks(counts, min_n):
            merged = block[0] if len(block) == 1 else "+".join(str(c) for c in block)
            for c in block:
                label[(*fixed_key, c)] = merged
            if len(block) > 1:
                report.append(CollapsedCell(fixed_key, tuple(block),
                                            sum(counts[c] for c in block)))
    keys = list(sample[names].itertuples(index=False, name=None))
    missing = [k for k in keys if k not in label]
    if missing:
        raise WeightingError(f"sample cell {missing[0]!r} is not in the population")
    sample_label = pd.Series([label[k] for k in keys], index=sample.index, name=ordered)
    merged_labels = pd.Series([label[k] for k in population[names].itertuples(
        index=False, name=None)], index=population.index)
    pop: pd.DataFrame = population.assign(**{ordered: merged_labels}).groupby(
        names, as_index=False, sort=False)[[count]].sum()
    return sample_label, pop, report
