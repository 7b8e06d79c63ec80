"""Exceptions raised by :mod:`analysis`.

Every failure is explicit: inconsistent inputs and non-convergence raise, they never return
silently wrong weights or estimates.
"""

from __future__ import annotations


class AnalysisError(ValueError):
    """Base class for all errors raised by :mod:`analysis`."""


class DesignError(AnalysisError):
    """The survey design cannot be built or used as specified."""


class WeightingError(AnalysisError):
    """Weighting targets are inconsistent with each other or with the sample."""


class ConvergenceError(WeightingError):
    """An iterative weighting method did not reach the requested tolerance.

    ``achieved_error`` is the largest remaining relative margin error, ``iterations`` the number
    of iterations run.
    """

    def __init__(self, message: str, achieved_error: float, iterations: int) -> None:
        super().__init__(message)
        self.achieved_error = achieved_error
        self.iterations = iterations
