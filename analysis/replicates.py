"""Replicate-weight designs (R ``svrepdesign``): JK1, JKn, bootstrap, BRR and Fay's BRR.

For vendor files that ship replicate weights. A statistic ``θ`` is computed with the full
weights and with every replicate's weights ``θ_r``; its variance is

    V = scale · Σ_r rscale_r (θ_r − θ̄)²

with ``θ̄`` the mean of the replicates (R's default ``mse=FALSE``) or ``θ`` (``mse=True``).
``scale``/``rscales`` follow R: JK1 ``(R−1)/R``; JKn ``rscale_r = (n_h−1)/n_h`` of the
stratum the replicate drops a PSU from, scale 1; bootstrap ``1/(R−1)``; BRR ``1/R``; Fay
``1/(R (1−ρ)²)``. With a sampling fraction (``from_design``) the jackknife factors carry
``1 − f_h`` as R's ``as.svrepdesign``. Intervals: t with df = rank of the replicate weights −
1 (R ``degf`` of a replicate design).
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analysis import intervals
from analysis._typing import FloatArray
from analysis.errors import DesignError
from analysis.results import DomainTable, Estimate

if TYPE_CHECKING:
    from analysis.design import ColumnOrArray, SurveyDesign

TYPES = ("JK1", "JKn", "bootstrap", "BRR", "Fay")


class ReplicateDesign:
    """Full-sample weights plus an n × R matrix of replicate (analysis) weights."""

    def __init__(self, data: pd.DataFrame, weights: ColumnOrArray, repweights: FloatArray,
                 type: str, *, rho: float = 0.0, scale: float | None = None,
                 rscales: FloatArray | None = None, mse: bool = False) -> None:
        if type not in TYPES:
            raise DesignError(f"unknown replicate type {type!r}: use one of {', '.join(TYPES)}")
        self.data = data.reset_index(drop=True)
        w = (self.data[weights] if isinstance(weights, str) else pd.Series(np.asarray(weights)))
        self.weights = np.asarray(w, dtype=np.float64)
        self.repweights = np.asarray(repweights, dtype=np.float64)
        if self.repweights.shape[0] != self.weights.size or self.repweights.ndim != 2:
            raise DesignError("repweights must be an n × R matrix for the n rows")
        if not (np.all(np.isfinite(self.repweights)) and np.all(self.repweights >= 0)):
            raise DesignError("replicate weights must be finite and non-negative")
        r = self.repweights.shape[1]
        if scale is None:
            scale = {"JK1": (r - 1) / r, "JKn": 1.0, "bootstrap": 1 / (r - 1), "BRR": 1 / r,
                     "Fay": 1 / (r * (1 - rho) ** 2)}[type]
        self.type, self.scale, self.mse = type, float(scale), mse
        self.rscales = np.ones(r) if rscales is None else np.asarray(rscales, np.float64)
        self.df = float(_rank(self.repweights) - 1)
        # (R+1) × n, C-contiguous: one GEMM per statistic over all weightings
        self._wmat_t = np.ascontiguousarray(np.column_stack([self.weights, self.repweights]).T)

    @classmethod
    def from_design(cls, design: SurveyDesign, type: str = "JKn") -> ReplicateDesign:
        """Jackknife replicates of a linearisation design (R ``as.svrepdesign``, JK1/JKn):
        one replicate per PSU, that PSU weighted 0 and the rest of its stratum up by
        ``n_h/(n_h−1)``; factors ``(1−f_h)(n_h−1)/n_h``."""
        st = design._structure
        if type == "JK1" and st.n_strata != 1:
            raise DesignError("JK1 is for unstratified designs; use JKn")
        if type not in ("JK1", "JKn"):
            raise DesignError("from_design builds JK1 or JKn replicates")
        n_h = np.bincount(st.psu_stratum, minlength=st.n_strata).astype(np.float64)
        if np.any(n_h < 2):
            raise DesignError("every stratum needs two PSUs for a jackknife")
        rep = np.repeat(design.weights[:, None], st.n_psu, axis=1)
        same = st.strata[:, None] == st.psu_stratum[None, :]
        rep[same] *= (n_h / (n_h - 1))[st.strata][:, None].repeat(st.n_psu, axis=1)[same]
        rep[np.arange(design.n), st.psu] = 0.0
        factor = (1 - st.fraction[st.psu_stratum]) * (n_h[st.psu_stratum] - 1) \
            / n_h[st.psu_stratum]
        if type == "JK1":
            return cls(design.data, design.weights, rep, "JK1", scale=float(factor[0]))
        return cls(design.data, design.weights, rep, "JKn", scale=1.0, rscales=factor)

    def _variance(self, full: FloatArray, reps: FloatArray) -> FloatArray:
        """Covariance of statistics ``full`` (k) from their replicates ``reps`` (R × k)."""
        centre = full if self.mse else reps.mean(axis=0)
        dev = (reps - centre) * np.sqrt(self.rscales)[:, None]
        cov: FloatArray = self.scale * (dev.T @ dev)
        return cov

    def _values(self, col: ColumnOrArray) -> tuple[FloatArray, FloatArray]:
        raw = self.data[col] if isinstance(col, str) else pd.Series(np.asarray(col))
        y = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
        ok = ~np.isnan(y)
        return np.where(ok, y, 0.0), ok.astype(np.float64)

    def _domains(self, y: FloatArray, ok: FloatArray, dummies: FloatArray, stat: str
                 ) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Statistic per domain column with the full and every replicate weight."""
        num = (self._wmat_t @ (dummies * (ok * y)[:, None])).T  # D × (R+1)
        if stat == "total":
            est = num
        else:
            den = (self._wmat_t @ (dummies * ok[:, None])).T
            with np.errstate(invalid="ignore", divide="ignore"):
                est = num / den
        return est[:, 0], est[:, 1:].T, (dummies * ok[:, None] * (self.weights > 0)[:, None]
                                        ).sum(axis=0)

    def _estimate(self, est: float, var: float, n: float, conf_level: float) -> Estimate:
        se = float(np.sqrt(max(var, 0.0)))
        lo, hi = intervals.wald(est, se, self.df, conf_level)
        return Estimate(float(est), se, lo, hi, self.df, float("nan"), int(n),
                        method=f"t ({self.type} replicates)")

    def mean(self, col: ColumnOrArray, conf_level: float = 0.95) -> Estimate:
        """Weighted mean (R ``svymean`` on a replicate design); NaN values left out."""
        return self._one(col, "mean", conf_level)

    def total(self, col: ColumnOrArray, conf_level: float = 0.95) -> Estimate:
        """Weighted total (R ``svytotal``); NaN values left out."""
        return self._one(col, "total", conf_level)

    def proportion(self, col: ColumnOrArray, value: Hashable, conf_level: float = 0.95
                   ) -> Estimate:
        """Share of ``col == value`` among the rows with a value (t interval)."""
        return self._one(self._flag(col, value), "mean", conf_level)

    def _flag(self, col: ColumnOrArray, value: Hashable) -> FloatArray:
        raw = self.data[col] if isinstance(col, str) else pd.Series(np.asarray(col))
        return np.where(raw.notna(), (raw == value).to_numpy(dtype=np.float64), np.nan)

    def _one(self, col: ColumnOrArray, stat: str, conf_level: float) -> Estimate:
        y, ok = self._values(col)
        full, reps, n = self._domains(y, ok, np.ones((y.size, 1)), stat)
        return self._estimate(full[0], self._variance(full, reps)[0, 0], n[0], conf_level)

    def by(self, domain: ColumnOrArray, col: ColumnOrArray, stat: str = "mean", *,
           value: Hashable | None = None, conf_level: float = 0.95) -> DomainTable:
        """Estimates per domain with their replicate covariance (R ``svyby(covmat=TRUE)``)."""
        if stat not in ("mean", "total", "proportion"):
            raise ValueError(f"unknown stat {stat!r}: use 'mean', 'total' or 'proportion'")
        raw = self.data[domain] if isinstance(domain, str) else pd.Series(np.asarray(domain))
        codes, keys = pd.factorize(raw, sort=True)
        dummies = (codes[:, None] == np.arange(len(keys))[None, :]).astype(np.float64)
        source = self._flag(col, value) if stat == "proportion" else col
        y, ok = self._values(source)
        full, reps, n = self._domains(y, ok, dummies, "total" if stat == "total" else "mean")
        vcov = self._variance(full, reps)
        ests = tuple(self._estimate(full[d], vcov[d, d], n[d], conf_level)
                     for d in range(len(keys)))
        name = domain if isinstance(domain, str) else "domain"
        return DomainTable(name, tuple(keys), ests, vcov)

    def difference(self, col: ColumnOrArray, domain: ColumnOrArray, a: Hashable, b: Hashable,
                   *, stat: str = "mean", value: Hashable | None = None,
                   conf_level: float = 0.95) -> Estimate:
        """``stat`` in domain ``a`` minus domain ``b`` (R ``svycontrast`` on ``svyby``)."""
        table = self.by(domain, col, stat, value=value, conf_level=conf_level)
        i, j = table.keys.index(a), table.keys.index(b)
        est = table.estimates[i].estimate - table.estimates[j].estimate
        var = table.vcov[i, i] + table.vcov[j, j] - 2 * table.vcov[i, j]
        return self._estimate(est, var, table.estimates[i].n + table.estimates[j].n,
                              conf_level)


def _rank(repweights: FloatArray) -> int:
    """Rank of the n × R replicate weights from the R × R Gram matrix (cheap for large n;
    singular values below 1e-7 of the largest count as zero)."""
    gram = repweights.T @ repweights
    s = np.sqrt(np.clip(np.linalg.eigvalsh(gram), 0.0, None))
    return int(np.count_nonzero(s > s.max() * 1e-7)) if s.size else 0
