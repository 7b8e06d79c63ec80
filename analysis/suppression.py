"""Small-cell suppression: mark, never drop, estimates based on too few respondents."""

from __future__ import annotations

from typing import TypeVar

from analysis.results import DomainTable, Estimate

DEFAULT_MIN_N = 30

Result = TypeVar("Result", Estimate, DomainTable)


def suppress(result: Result, min_n: int = DEFAULT_MIN_N) -> Result:
    """Mark ``result`` (or each row of a domain table) as suppressed when ``n < min_n``.

    The figures stay in the result so that totals and further computations remain possible;
    the app shows them only through :meth:`Estimate.public` / :meth:`DomainTable.public_frame`,
    which blank estimate, SE and CI of suppressed cells.
    """
    if isinstance(min_n, bool) or not isinstance(min_n, int) or min_n < 0:
        raise ValueError(f"min_n must be a non-negative integer, got {min_n!r}")
    return result.with_suppression(min_n)
