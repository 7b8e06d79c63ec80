"""Array types used in the annotations of :mod:`analysis`.

Weights, influence values and estimates are float64; category, cell, PSU and stratum codes are
platform integers (what ``pd.factorize``, ``np.arange`` and ``np.bincount`` produce); masks
are booleans. Raw design columns (strata, PSU ids) can hold any values, hence ``np.generic``.
"""

from __future__ import annotations

from typing import TypeAlias

import numpy as np
from numpy.typing import NDArray

FloatArray: TypeAlias = NDArray[np.float64]
IntArray: TypeAlias = NDArray[np.intp]
BoolArray: TypeAlias = NDArray[np.bool_]
AnyArray: TypeAlias = NDArray[np.generic]


def weighted_bincount(codes: IntArray, weights: FloatArray, minlength: int = 0) -> FloatArray:
    """Sum of ``weights`` per code, i.e. ``np.bincount(codes, weights=weights)``.

    numpy's stub types every ``bincount`` result as ``intp``; with weights it is float64, which
    ``asarray`` states without copying.
    """
    return np.asarray(np.bincount(codes, weights=weights, minlength=minlength), dtype=np.float64)
