"""Matching sample categories to population targets, with explicit errors."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from analysis._typing import FloatArray, IntArray
from analysis.errors import WeightingError

if TYPE_CHECKING:
    from analysis.design import SurveyDesign


def category_codes(design: SurveyDesign, name: str) -> tuple[IntArray, list[Any]]:
    """Integer codes (0..K-1) of a categorical column and its sorted categories.

    Small-range integer columns are coded with a bincount lookup instead of a hash table, which
    keeps raking a million rows within a few milliseconds per column.
    """
    if name not in design.data.columns:
        raise WeightingError(f"weighting variable {name!r} is not a column of the data")
    col = design.data[name]
    if isinstance(col.dtype, pd.CategoricalDtype):
        codes = col.cat.codes.to_numpy()
        if (codes < 0).any():
            raise WeightingError(f"weighting variable {name!r} has missing values")
        present = np.bincount(codes, minlength=len(col.cat.categories)) > 0
        remap = np.cumsum(present) - 1
        return remap[codes], [c for c, p in zip(col.cat.categories, present, strict=True) if p]
    values = col.to_numpy()
    if np.issubdtype(values.dtype, np.integer) and values.size:
        low, high = int(values.min()), int(values.max())
        if high - low < 10_000_000:
            present = np.bincount(values - low) > 0
            remap = np.cumsum(present) - 1
            return remap[values - low], [int(v) + low for v in np.flatnonzero(present)]
    if col.isna().any():
        raise WeightingError(f"weighting variable {name!r} has {int(col.isna().sum())} "
                             "missing values")
    codes, uniques = pd.factorize(col, sort=True)
    return codes, list(uniques)


def as_mapping(target: Any, name: str) -> dict[Hashable, float]:
    """Population totals for one variable as ``{category: total}``."""
    if isinstance(target, pd.DataFrame):
        value_cols = [c for c in target.columns if c != name]
        if name not in target.columns or len(value_cols) != 1:
            raise WeightingError(f"population table for {name!r} needs the column {name!r} "
                                 "and exactly one column of counts")
        target = dict(zip(target[name], target[value_cols[0]], strict=True))
    elif isinstance(target, pd.Series):
        target = target.to_dict()
    elif not isinstance(target, Mapping):
        raise WeightingError(f"population totals for {name!r} must be a mapping or Series")
    out = {k: float(v) for k, v in target.items()}
    bad = [k for k, v in out.items() if not np.isfinite(v) or v < 0]
    if bad:
        raise WeightingError(f"population total for {name!r} = {bad[0]!r} is negative or "
                             "not a number")
    return out


def align(name: str, categories: list[Any], cell_weight: FloatArray,
          target: Mapping[Hashable, float]) -> FloatArray:
    """Target total per sample category; errors for any mismatch in either direction."""
    missing = [c for c in categories if c not in target]
    if missing:
        raise WeightingError(f"sample category {missing[0]!r} of {name!r} is missing from the "
                             f"population targets (targets have {sorted(map(str, target))})")
    totals = np.array([target[c] for c in categories], dtype=np.float64)
    zero_target = [c for c, t in zip(categories, totals, strict=True) if t == 0]
    if zero_target:
        raise WeightingError(f"category {zero_target[0]!r} of {name!r} has respondents but a "
                             "population target of 0")
    known = set(categories)
    empty = [k for k, v in target.items() if v > 0 and k not in known]
    empty += [c for c, w in zip(categories, cell_weight, strict=True) if w <= 0]
    if empty:
        raise WeightingError(f"target category {empty[0]!r} of {name!r} has no respondents "
                             "(with positive weight) in the sample; merge it with another "
                             "category")
    return totals


def cell_index(coded: list[tuple[IntArray, list[Any]]], n: int
               ) -> tuple[IntArray, IntArray, list[IntArray]]:
    """Cells of the cross-classification of coded variables.

    Returns the present cells' mixed-radix codes, the cell of every row and, per variable, the
    category of every cell. A bincount lookup replaces ``np.unique`` when the code space is
    small (it is much faster on a million rows).
    """
    sizes = [len(cats) for _, cats in coded]
    code = np.zeros(n, dtype=np.int64)
    for (codes, _), size in zip(coded, sizes, strict=True):
        code = code * size + codes
    space = int(np.prod(sizes, dtype=np.float64))
    if space <= 4 * n + 1_000_000:
        counts = np.bincount(code, minlength=space)
        lookup = np.cumsum(counts > 0) - 1
        cells, cell = np.flatnonzero(counts), lookup[code]
    else:
        cells, cell = np.unique(code, return_inverse=True)
    cell_cats = []
    rest = cells.copy()
    for size in reversed(sizes):
        cell_cats.append(rest % size)
        rest //= size
    cell_cats.reverse()
    return cells, cell, cell_cats
