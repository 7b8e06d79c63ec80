"""Post-stratification (R ``postStratify``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from analysis._linearise import CalibrationStep
from analysis.weighting._targets import align, as_mapping, category_codes

if TYPE_CHECKING:
    from analysis.design import SurveyDesign


def poststratify(design: SurveyDesign, by: str | Sequence[str],
                 population: Mapping[Any, float] | pd.Series | pd.DataFrame) -> SurveyDesign:
    """Post-stratify ``design`` so that weighted cell counts equal ``population``.

    ``by`` is a column or a list of columns whose combinations are the post-strata.
    ``population`` maps each category (a tuple for several columns) to its population count; a
    Series (MultiIndex for several columns) or a DataFrame with the ``by`` columns plus one
    count column are accepted too. New weights are ``w · N_c / Σ_c w``. Variance: residuals from
    the post-stratum means weighted with the old weights, exactly as R ``postStratify``.

    Raises :class:`~analysis.errors.WeightingError` for a sample cell absent from the
    population, a population cell without respondents, or missing values in ``by``.
    """
    names = [by] if isinstance(by, str) else list(by)
    if isinstance(population, pd.DataFrame) and len(names) > 1:
        count_col = [c for c in population.columns if c not in names]
        population = population.set_index(names)[count_col[0]]
    per_var = [category_codes(design, name) for name in names]
    code = np.zeros(design.n, dtype=np.int64)
    for codes, cats in per_var:
        code = code * len(cats) + codes
    cells, cell = np.unique(code, return_inverse=True)
    labels = []
    for c in cells:
        parts = []
        for codes_cats in reversed(per_var):
            cats = codes_cats[1]
            parts.append(cats[c % len(cats)])
            c //= len(cats)
        labels.append(parts[0] if len(names) == 1 else tuple(reversed(parts)))
    label = names[0] if len(names) == 1 else " x ".join(names)
    target = as_mapping(population, names[0] if len(names) == 1 else label)
    cell_w = np.bincount(cell, weights=design.weights, minlength=cells.size)
    totals = align(label, labels, cell_w, target)
    new_w = design.weights * (totals / cell_w)[cell]
    step = CalibrationStep(cell=cell, xc=np.eye(cells.size), w_before=design.weights,
                           w_after=new_w)
    return design._derive(new_w, step)
