"""The survey design object: data, weights, strata, PSUs, fpc and weighting history."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any, TypeAlias

import numpy as np
import pandas as pd

from analysis import compare, estimators
from analysis._linearise import BackfitStep, CalibrationStep, DesignStructure
from analysis._typing import AnyArray, FloatArray
from analysis.errors import DesignError
from analysis.results import ChisqResult, DomainTable, Estimate, TrendResult

ColumnOrArray: TypeAlias = str | Sequence[Any] | AnyArray | pd.Series
# population totals of one weighting variable: {category: total}, a Series, or a DataFrame with
# the category column(s) plus one column of counts
PopulationTotals: TypeAlias = Mapping[Any, float] | pd.Series | pd.DataFrame


class SurveyDesign:
    """Stratified one-stage cluster design with finite population correction.

    Close to R's ``svydesign(ids=~cluster, strata=~strata, weights=~weights, fpc=~fpc,
    nest=TRUE)``:

    * ``weights`` — column name or array of sampling weights (default 1 for every row).
    * ``strata`` — column name or array of strata (default: one stratum).
    * ``cluster`` — column name or array of PSU ids (default: each row is a PSU). PSU ids are
      nested in strata: the same id in two strata are two PSUs.
    * ``fpc`` — column name, array or scalar: either the number of PSUs in the population of the
      stratum, or (when every value is ≤ 1) the sampling fraction, as in R.

    Variances use Taylor linearisation; the design degrees of freedom are PSUs minus strata.
    A stratum with a single PSU (and no full sampling) raises :class:`DesignError`, as R's
    default ``options(survey.lonely.psu = "fail")``.
    """

    def __init__(
        self,
        data: pd.DataFrame,
        weights: ColumnOrArray | None = None,
        strata: ColumnOrArray | None = None,
        cluster: ColumnOrArray | None = None,
        fpc: ColumnOrArray | float | np.integer[Any] | None = None,
    ) -> None:
        if not isinstance(data, pd.DataFrame):
            raise DesignError("data must be a pandas DataFrame")
        if len(data) == 0:
            raise DesignError("data has no rows")
        self.data = data
        n = len(data)
        w = np.ones(n) if weights is None else self._design_column(weights, "weights")
        w = np.asarray(pd.to_numeric(pd.Series(w), errors="coerce"), dtype=np.float64)
        if not np.all(np.isfinite(w)) or np.any(w < 0):
            raise DesignError("weights must be finite and non-negative (missing values found "
                              "or negative weights)")
        self._w = w
        self._w.setflags(write=False)
        self._structure = _build_structure(self, strata, cluster, fpc)
        self._steps: tuple[CalibrationStep | BackfitStep, ...] = ()

    # -- construction helpers -------------------------------------------------------------
    def _design_column(self, spec: ColumnOrArray, role: str) -> AnyArray:
        values = self.column(spec)
        if pd.isna(values).any():
            raise DesignError(f"{role} has missing values")
        return np.asarray(values)

    def column(self, spec: ColumnOrArray) -> pd.Series:
        """Return ``spec`` as a Series aligned with the rows (column name or array)."""
        if isinstance(spec, str):
            if spec not in self.data.columns:
                raise KeyError(f"column {spec!r} not in data")
            return self.data[spec].reset_index(drop=True)
        values = pd.Series(np.asarray(spec) if not isinstance(spec, pd.Series) else spec.values)
        if len(values) != len(self.data):
            raise DesignError(f"array of length {len(values)} given for {len(self.data)} rows")
        return values

    def _derive(self, weights: FloatArray, step: CalibrationStep | BackfitStep | None
                ) -> SurveyDesign:
        new = object.__new__(SurveyDesign)
        new.data = self.data
        new._w = np.asarray(weights, dtype=np.float64)
        new._w.setflags(write=False)
        new._structure = self._structure
        new._steps = self._steps + ((step,) if step is not None else ())
        return new

    # -- properties -----------------------------------------------------------------------
    @property
    def weights(self) -> FloatArray:
        """Current (read-only) weights."""
        return self._w

    @property
    def n(self) -> int:
        """Number of rows (respondents)."""
        return int(self._w.size)

    @property
    def df(self) -> float:
        """Design degrees of freedom: number of PSUs minus number of strata (R ``degf``)."""
        return self._structure.domain_df(self._w > 0)

    def kish_deff(self) -> float:
        """Kish's design effect due to unequal weights: ``n Σw² / (Σw)²`` over the rows with
        positive weight (rows weighted 0 are not in the sample the weights describe)."""
        w = self._w[self._w > 0]
        return float(w.size * np.sum(w**2) / np.sum(w) ** 2)

    def effective_n(self) -> float:
        """Kish effective sample size of the weights: ``(Σw)² / Σw²``."""
        w = self._w
        return float(np.sum(w) ** 2 / np.sum(w**2))

    def vcov_of_totals(self, x: FloatArray) -> FloatArray:
        """Design covariance of ``Σ x_i`` for weighted influence values ``x`` (n × k)."""
        return self._structure.vcov(x, self._steps)

    # -- estimators -------------------------------------------------------------------------
    def mean(self, col: ColumnOrArray, *, na_rm: bool = False,
             conf_level: float = 0.95, deff: str = "srswor") -> Estimate:
        """Weighted mean with linearised SE (R ``svymean``); t CI with the design df.

        ``deff="srswor"`` (R ``deff=TRUE``) or ``"replace"`` (R ``deff="replace"``)."""
        return estimators.mean(self, col, na_rm=na_rm, conf_level=conf_level, deff=deff)

    def total(self, col: ColumnOrArray, *, na_rm: bool = False,
              conf_level: float = 0.95, deff: str = "srswor") -> Estimate:
        """Weighted total (R ``svytotal``); t CI with the design df; ``deff`` as :meth:`mean`."""
        return estimators.total(self, col, na_rm=na_rm, conf_level=conf_level, deff=deff)

    def proportion(self, col: ColumnOrArray, value: Hashable | None = None, *,
                   method: str = "logit", na_rm: bool = False,
                   conf_level: float = 0.95) -> Estimate:
        """Proportion of ``col == value`` (or of a 0/1/bool column) with R ``svyciprop`` CI.

        ``method`` is ``"logit"``, ``"likelihood"``, ``"beta"`` (Korn–Graubard), ``"mean"``,
        ``"asin"`` or ``"xlogit"`` (R's methods); df = design df of the respondents used.
        """
        return estimators.proportion(self, col, value, method=method, na_rm=na_rm,
                                     conf_level=conf_level)

    def quantile(self, col: ColumnOrArray, q: float, *, na_rm: bool = False,
                 conf_level: float = 0.95) -> Estimate:
        """Weighted quantile with a Woodruff interval (R ``svyquantile`` default)."""
        return estimators.quantile(self, col, q, na_rm=na_rm, conf_level=conf_level)

    def quantile_by(self, domain: ColumnOrArray, col: ColumnOrArray, q: float, *,
                    na_rm: bool = False, conf_level: float = 0.95) -> DomainTable:
        """Woodruff quantile per domain; see :func:`analysis.estimators.quantile_by`."""
        return estimators.quantile_by(self, domain, col, q, na_rm=na_rm, conf_level=conf_level)

    def by(self, domain: ColumnOrArray, col: ColumnOrArray | None = None, stat: str = "mean",
           *, value: Hashable | None = None, method: str = "logit", na_rm: bool = False,
           conf_level: float = 0.95, deff: str = "srswor") -> DomainTable:
        """Domain estimates (``stat`` = mean, total or proportion) with their covariance."""
        return estimators.by(self, domain, col, stat, value=value, method=method, na_rm=na_rm,
                             conf_level=conf_level, deff=deff)

    # -- comparisons ------------------------------------------------------------------------
    def difference(self, col: ColumnOrArray, domain: ColumnOrArray, a: Hashable, b: Hashable,
                   *, stat: str = "mean", value: Hashable | None = None,
                   na_rm: bool = False, conf_level: float = 0.95) -> Estimate:
        """Estimate of ``stat(domain a) - stat(domain b)`` with SE from the joint covariance."""
        return compare.difference(self, col, domain, a, b, stat=stat, value=value,
                                  na_rm=na_rm, conf_level=conf_level)

    def chisq(self, row: ColumnOrArray, col: ColumnOrArray, statistic: str = "F"
              ) -> ChisqResult:
        """Test of independence as R ``svychisq`` (``statistic`` = F (Rao–Scott, default),
        Chisq, Wald, adjWald, lincom or saddlepoint); see :func:`analysis.compare.chisq`."""
        return compare.chisq(self, row, col, statistic)

    def trend(self, col: ColumnOrArray, wave: ColumnOrArray, value: Hashable | None = None,
              *, na_rm: bool = False, conf_level: float = 0.95) -> TrendResult:
        """Trend of a proportion over waves; see :func:`analysis.trend.proportion_trend`."""
        from analysis.trend import proportion_trend
        return proportion_trend(self, col, wave, value, na_rm=na_rm, conf_level=conf_level)

    # -- weighting --------------------------------------------------------------------------
    def poststratify(self, by: str | Sequence[str], population: PopulationTotals
                     ) -> SurveyDesign:
        """Post-stratify to population counts; see :func:`analysis.weighting.poststratify`."""
        from analysis.weighting.poststratify import poststratify
        return poststratify(self, by, population)

    def rake(self, margins: Mapping[str, PopulationTotals], tol: float = 1e-10,
             max_iter: int = 1000, *, variance: str = "greg") -> SurveyDesign:
        """Rake to marginal totals; see :func:`analysis.weighting.rake`."""
        from analysis.weighting.rake import rake
        return rake(self, margins, tol=tol, max_iter=max_iter, variance=variance)

    def calibrate(self, totals: Mapping[str, Any], method: str = "linear",
                  bounds: tuple[float, float] | None = None, *,
                  population_size: float | None = None, tol: float = 1e-10,
                  max_iter: int = 50) -> SurveyDesign:
        """Calibrate (GREG) to totals; see :func:`analysis.weighting.calibrate`."""
        from analysis.weighting.calibrate import calibrate
        return calibrate(self, totals, method=method, bounds=bounds,
                         population_size=population_size, tol=tol, max_iter=max_iter)

    def trim(self, lower: float = -np.inf, upper: float = np.inf, strict: bool = False
             ) -> SurveyDesign:
        """Trim weights as R ``trimWeights``; see :func:`analysis.weighting.trim`."""
        from analysis.weighting.trim import trim
        return trim(self, lower=lower, upper=upper, strict=strict)


def _build_structure(design: SurveyDesign, strata: ColumnOrArray | None,
                     cluster: ColumnOrArray | None,
                     fpc: ColumnOrArray | float | np.integer[Any] | None
                     ) -> DesignStructure:
    n = design.n
    if strata is None:
        s_codes, s_labels = np.zeros(n, dtype=np.int64), np.array(["(all)"], dtype=object)
    else:
        s_codes, s_labels = pd.factorize(design._design_column(strata, "strata"), sort=True)
    if cluster is None:
        psu = np.arange(n)
    else:
        c_codes = pd.factorize(design._design_column(cluster, "cluster"))[0]
        psu = pd.factorize(s_codes.astype(np.int64) * (c_codes.max() + 1) + c_codes,
                           sort=True)[0]
    psu_stratum = np.zeros(psu.max() + 1, dtype=np.int64)
    psu_stratum[psu] = s_codes
    n_strata = len(s_labels)
    n_h = np.bincount(psu_stratum, minlength=n_strata).astype(np.float64)
    fraction = np.zeros(n_strata)
    if fpc is not None:
        # a numpy integer (e.g. ``frame["N"].max()``) is a scalar too, though not an ``int``
        raw = (np.full(n, float(fpc)) if isinstance(fpc, int | float | np.integer)
               else design._design_column(fpc, "fpc").astype(np.float64))
        per_stratum = pd.Series(raw).groupby(s_codes).agg(["min", "max"])
        if np.any(per_stratum["min"].to_numpy() != per_stratum["max"].to_numpy()):
            raise DesignError("fpc must be constant within each stratum")
        values = per_stratum["min"].to_numpy()
        if np.all(values <= 1):
            fraction = values
        else:
            short = np.flatnonzero(values < n_h)
            if short.size:
                h = short[0]
                raise DesignError(f"fpc in stratum {s_labels[h]!r} is {values[h]:g}, smaller "
                                  f"than the {int(n_h[h])} sampled PSUs")
            fraction = n_h / values
    lonely = np.flatnonzero((n_h < 2) & (fraction < 1))
    if lonely.size:
        raise DesignError(f"stratum {s_labels[lonely[0]]!r} has only one PSU: its variance "
                          "cannot be estimated (merge it with a neighbouring stratum)")
    return DesignStructure(strata=s_codes, psu=psu, psu_stratum=psu_stratum,
                           fraction=fraction)
