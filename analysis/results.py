"""Typed results returned by the estimators."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from analysis._typing import FloatArray

ESTIMATE_COLUMNS = ("estimate", "se", "ci_low", "ci_high", "df", "deff", "n", "suppressed")


@dataclass(frozen=True)
class Estimate:
    """One design-based estimate.

    ``n`` is the unweighted number of respondents behind the estimate, ``df`` the design degrees
    of freedom used for the interval, ``deff`` the design effect (R ``survey`` convention: design
    variance over the variance under simple random sampling without replacement of the same
    size). ``suppressed`` marks a small cell: the figure exists but must not be shown (see
    :meth:`public`). ``method`` names the interval method, ``definition`` is a human-readable
    definition of the statistic the app prints next to the figure.
    """

    estimate: float
    se: float
    ci_low: float
    ci_high: float
    df: float
    deff: float
    n: int
    suppressed: bool = False
    method: str = ""
    definition: str = ""

    def public(self) -> dict[str, object]:
        """Return the fields safe to publish: estimate, SE and CI are ``None`` when suppressed."""
        hide = self.suppressed
        return {
            "estimate": None if hide else self.estimate,
            "se": None if hide else self.se,
            "ci_low": None if hide else self.ci_low,
            "ci_high": None if hide else self.ci_high,
            "n": self.n,
            "suppressed": hide,
            "definition": self.definition,
        }

    def with_suppression(self, min_n: int) -> Estimate:
        """Return a copy marked as suppressed when ``n < min_n``."""
        return replace(self, suppressed=bool(self.n < min_n))


@dataclass(frozen=True)
class DomainTable:
    """Estimates for the domains of one variable plus their joint covariance matrix.

    ``keys`` are the domain values (sorted), ``estimates`` the per-domain results in the same
    order and ``vcov`` the covariance matrix between the domain estimates (the domains share
    PSUs, so it is generally not diagonal).
    """

    domain: str
    keys: tuple[Hashable, ...]
    estimates: tuple[Estimate, ...]
    vcov: FloatArray = field(repr=False)
    definition: str = ""

    def __getitem__(self, key: Hashable) -> Estimate:
        try:
            return self.estimates[self.keys.index(key)]
        except ValueError:
            raise KeyError(f"domain {self.domain!r} has no value {key!r}") from None

    def __len__(self) -> int:
        return len(self.keys)

    def to_frame(self) -> pd.DataFrame:
        """One row per domain with the domain key and all :class:`Estimate` columns."""
        rows = [{self.domain: k, **{c: getattr(e, c) for c in ESTIMATE_COLUMNS}}
                for k, e in zip(self.keys, self.estimates, strict=True)]
        return pd.DataFrame(rows, columns=[self.domain, *ESTIMATE_COLUMNS])

    def vcov_frame(self) -> pd.DataFrame:
        """Covariance matrix of the domain estimates labelled by domain value."""
        return pd.DataFrame(self.vcov, index=list(self.keys), columns=list(self.keys))

    def public_frame(self) -> pd.DataFrame:
        """Like :meth:`to_frame` but estimate, SE and CI are NaN in suppressed rows."""
        frame = self.to_frame()
        frame.loc[frame["suppressed"], ["estimate", "se", "ci_low", "ci_high"]] = np.nan
        return frame

    def with_suppression(self, min_n: int) -> DomainTable:
        """Return a copy whose rows with ``n < min_n`` are marked suppressed."""
        marked = tuple(e.with_suppression(min_n) for e in self.estimates)
        return replace(self, estimates=marked)


@dataclass(frozen=True)
class ChisqResult:
    """Rao–Scott second-order corrected test of independence in F form (R ``svychisq``)."""

    statistic: float
    ndf: float
    ddf: float
    p_value: float
    pearson: float
    method: str = "Pearson's X^2: Rao & Scott adjustment (F)"


@dataclass(frozen=True)
class TrendResult:
    """Design-based trend of a proportion over waves.

    ``logit_slope`` is the change in log-odds per wave unit (design-based logistic regression),
    ``linear_slope`` the change in the proportion per wave unit (design-based linear
    probability model). Both carry SE, CI and df.
    """

    logit_slope: Estimate
    linear_slope: Estimate
    definition: str = ""
