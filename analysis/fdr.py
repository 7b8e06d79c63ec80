"""The Benjamini–Hochberg step-up procedure for the false discovery rate.

Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate: a practical and
powerful approach to multiple testing. *JRSS B* 57(1), 289–300. With ``m`` p-values sorted
``p(1) ≤ … ≤ p(m)``, the hypotheses ``1 … k`` are rejected for the largest ``k`` with
``p(k) ≤ k q / m``; this keeps the expected share of false rejections at most ``q`` for
independent or positively dependent (PRDS) tests.
"""

from __future__ import annotations

import numpy as np

from analysis._typing import BoolArray, FloatArray


def benjamini_hochberg(p_values: FloatArray, q: float) -> tuple[BoolArray, FloatArray]:
    """Which of ``p_values`` are rejected at false discovery rate ``q``, and the adjusted
    p-values (``min_{j ≥ i} m p(j) / j``, at most 1; what R's ``p.adjust(p, "BH")`` gives).

    A hypothesis is rejected exactly when its adjusted p-value is at most ``q``."""
    if not 0 < q < 1:
        raise ValueError(f"q must lie strictly between 0 and 1, got {q!r}")
    p = np.asarray(p_values, dtype=np.float64).ravel()
    if np.any(np.isnan(p)) or np.any((p < 0) | (p > 1)):
        raise ValueError("p-values must lie in [0, 1]")
    m = p.size
    if m == 0:
        return np.zeros(0, dtype=np.bool_), np.zeros(0, dtype=np.float64)
    order = np.argsort(p, kind="stable")
    scaled = p[order] * m / np.arange(1, m + 1)
    adjusted_sorted = np.minimum(np.minimum.accumulate(scaled[::-1])[::-1], 1.0)
    adjusted = np.empty(m, dtype=np.float64)
    adjusted[order] = adjusted_sorted
    below = np.nonzero(p[order] <= np.arange(1, m + 1) * q / m)[0]
    rejected = np.zeros(m, dtype=np.bool_)
    if below.size:
        rejected[order[: below[-1] + 1]] = True
    return rejected.reshape(np.shape(p_values)), adjusted.reshape(np.shape(p_values))
