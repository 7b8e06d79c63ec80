"""Weight trimming (R ``trimWeights``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from analysis.errors import ConvergenceError, WeightingError

if TYPE_CHECKING:
    from analysis.design import SurveyDesign


def trim(design: SurveyDesign, lower: float = -np.inf, upper: float = np.inf,
         strict: bool = False, max_iter: int = 1000) -> SurveyDesign:
    """Trim weights to ``[lower, upper]`` and share the trimmed amount out equally.

    As R ``trimWeights``: weights outside are set to the bound and the total removed (or added)
    is divided equally among the weights that were inside, so the weight total is unchanged.
    That redistribution can push weights past a bound again; with ``strict=True`` the step is
    repeated until every weight is within the bounds. Calibration steps recorded on the design
    are kept (the variance still uses their residuals), as in R.
    """
    if lower > upper:
        raise WeightingError(f"trim bounds are reversed: lower={lower} > upper={upper}")
    w = np.array(design.weights, dtype=np.float64)
    for _ in range(max_iter):
        outside = (w < lower) | (w > upper)
        if not outside.any():
            return design._derive(w, None)
        if outside.all():
            raise WeightingError(f"every weight is outside [{lower}, {upper}]: nothing left to "
                                 "absorb the trimmed weight")
        clipped = np.clip(w, lower, upper)
        clipped[~outside] += np.sum(w - clipped) / np.count_nonzero(~outside)
        w = clipped
        if not strict:
            return design._derive(w, None)
    worst = float(np.max(np.maximum(w - upper, lower - w)))
    raise ConvergenceError(f"strict trimming did not settle in {max_iter} rounds; largest "
                           f"excess over a bound {worst:g}", worst, max_iter)
