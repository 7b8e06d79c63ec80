"""Post-stratification (R ``postStratify``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

from analysis._linearise import CalibrationStep
from analysis._typing import weighted_bincount
from analysis.weighting._targets import align, as_mapping, category_codes, cell_index

if TYPE_CHECKING:
    from analysis.design import PopulationTotals, SurveyDesign


def poststratify(design: SurveyDesign, by: str | Sequence[str],
                 population: PopulationTotals) -> SurveyDesign:
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
    cells, cell, cell_cats = cell_index(per_var, design.n)
    labels = [
        per_var[0][1][cats[0]] if len(names) == 1
        else tuple(per_var[j][1][c] for j, c in enumerate(cats))
        for cats in zip(*cell_cats, strict=True)
    ]
    label = names[0] if len(names) == 1 else " x ".join(names)
    target = as_mapping(population, names[0] if len(names) == 1 else label)
    cell_w = weighted_bincount(cell, weights=design.weights, minlength=cells.size)
    totals = align(label, labels, cell_w, target)
    new_w = design.weights * (totals / cell_w)[cell]
    step = CalibrationStep(cell=cell, xc=None, w_before=design.weights,
                           w_after=new_w)
    return design._derive(new_w, step)
