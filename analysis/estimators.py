"""Design-based estimators: mean, total, proportion, quantile and domain tables.

All variances are Taylor-linearised (see :mod:`analysis._linearise`); respondents outside a
domain (or with a missing value when ``na_rm=True``) keep their place in the design with zero
influence, as in R's ``subset()`` of a survey design.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy import sparse

from analysis import intervals
from analysis._typing import BoolArray, FloatArray, IntArray, weighted_bincount
from analysis.errors import DesignError
from analysis.profile_ci import ProfileSample, likelihood_interval
from analysis.results import DomainTable, Estimate

if TYPE_CHECKING:
    from analysis.design import ColumnOrArray, SurveyDesign


def numeric(design: SurveyDesign, col: ColumnOrArray, na_rm: bool
            ) -> tuple[FloatArray, BoolArray]:
    """Values of ``col`` as floats (missing → 0) and the mask of usable rows."""
    raw = design.column(col)
    name = col if isinstance(col, str) else "values"
    values = pd.to_numeric(raw, errors="coerce")
    bad = values.isna() & raw.notna()
    if bad.any():
        raise DesignError(f"column {name!r} has non-numeric values, e.g. {raw[bad].iloc[0]!r}")
    ok = values.notna().to_numpy()
    if not na_rm and not ok.all():
        raise DesignError(f"column {name!r} has {int((~ok).sum())} missing values; pass "
                          "na_rm=True to estimate over the respondents with a value")
    y = np.where(ok, values.to_numpy(dtype=np.float64, na_value=0.0), 0.0)
    if not np.all(np.isfinite(y)):
        raise DesignError(f"column {name!r} has infinite values")
    return y, ok


def indicator(design: SurveyDesign, col: ColumnOrArray, value: Hashable | None,
              na_rm: bool) -> tuple[FloatArray, BoolArray]:
    """0/1 indicator of ``col == value`` (or of a bool/0-1 column) and the usable-row mask."""
    raw = design.column(col)
    name = col if isinstance(col, str) else "values"
    ok = raw.notna().to_numpy()
    if not na_rm and not ok.all():
        raise DesignError(f"column {name!r} has {int((~ok).sum())} missing values; pass "
                          "na_rm=True to estimate over the respondents with a value")
    if value is not None:
        return np.where(ok, (raw == value).to_numpy(dtype=bool, na_value=False), False) * 1.0, ok
    if raw.dtype.kind in "fiu":  # numbers already (what the app passes): no object round trip
        y = raw.to_numpy(dtype=np.float64, na_value=np.nan)
    else:
        values = pd.to_numeric(raw.astype(object).where(raw.notna(), np.nan), errors="coerce")
        y = values.to_numpy(dtype=np.float64, na_value=np.nan)
    if not np.isin(y[ok], (0.0, 1.0)).all():
        raise DesignError(f"column {name!r} is not boolean or 0/1: give value= to choose the "
                          "category whose proportion is wanted")
    return np.where(ok, y, 0.0), ok


DEFF_KINDS = ("srswor", "replace")


def _domain_stats(design: SurveyDesign, y: FloatArray, code: IntArray, n_domains: int,
                  stat: str, conf_level: float, deff: str = "srswor"
                  ) -> tuple[list[Estimate], FloatArray]:
    """Means or totals of ``y`` per domain and their covariance matrix.

    ``code[i]`` is the domain of row ``i`` (``-1``: in no domain). Domains are disjoint, so the
    sums are bincounts; only the influence matrix is n × D.
    """
    w = design.weights
    inside = code >= 0
    rows, dom = np.flatnonzero(inside), code[inside]
    wi = w[rows]
    psum = weighted_bincount(dom, weights=wi, minlength=n_domains)
    if np.any(psum <= 0):
        raise DesignError("a domain has no respondents with positive weight")
    means = weighted_bincount(dom, weights=wi * y[rows], minlength=n_domains) / psum
    resid = y[rows] - means[dom]
    if stat == "mean":
        est, values = means, wi * resid / psum[dom]
    else:
        est, values = psum * means, wi * y[rows]
    x = sparse.csr_matrix((values, (rows, dom)), shape=(design.n, n_domains))
    if n_domains <= 8:  # a few dense columns are cheaper than sparse bookkeeping
        vcov = design.vcov_of_totals(x.toarray())
    else:
        vcov = design._structure.vcov_sparse(x, design._steps)
    positive = wi > 0
    nobs = np.bincount(dom[positive], minlength=n_domains)
    ss = weighted_bincount(dom, weights=wi * resid**2, minlength=n_domains)
    dfs = design._structure.domain_dfs(rows[positive], dom[positive], n_domains)
    out = []
    for d in range(n_domains):
        se = float(np.sqrt(max(vcov[d, d], 0.0)))
        df = float(dfs[d])
        lo, hi = intervals.wald(float(est[d]), se, df, conf_level)
        effect = _deff(vcov[d, d], ss[d], psum[d], int(nobs[d]), stat, deff)
        out.append(Estimate(float(est[d]), se, lo, hi, df, effect, int(nobs[d]), method="t"))
    return out, vcov


def _deff(var: float, ss: float, psum: float, nobs: int, stat: str,
          kind: str = "srswor") -> float:
    """R's ``deff=TRUE`` (``kind="srswor"``): design variance over the variance under simple
    random sampling without replacement, ``s² (N̂ - n) / (N̂ n)``; ``kind="replace"`` (R
    ``deff="replace"``): over the with-replacement variance ``s² / n``. ``s²`` is the
    weighted variance (R ``svyvar``), ``n`` the respondents with positive weight."""
    if kind not in DEFF_KINDS:
        raise ValueError(f"unknown deff {kind!r}: use 'srswor' or 'replace'")
    if nobs < 2 or (kind == "srswor" and psum <= nobs):
        return float("nan")
    s2 = ss / psum * nobs / (nobs - 1)
    vsrs = s2 / nobs if kind == "replace" else s2 * (psum - nobs) / (psum * nobs)
    if stat == "total":
        vsrs *= psum**2
    return float(var / vsrs) if vsrs > 0 else float("nan")


def _one(ok: BoolArray) -> IntArray:
    return np.where(ok, 0, -1)


def mean(design: SurveyDesign, col: ColumnOrArray, *, na_rm: bool = False,
         conf_level: float = 0.95, deff: str = "srswor") -> Estimate:
    """Weighted mean (R ``svymean``); ``deff`` as R's ``deff=TRUE`` or ``"replace"``."""
    y, ok = numeric(design, col, na_rm)
    return _domain_stats(design, y, _one(ok), 1, "mean", conf_level, deff)[0][0]


def total(design: SurveyDesign, col: ColumnOrArray, *, na_rm: bool = False,
          conf_level: float = 0.95, deff: str = "srswor") -> Estimate:
    """Weighted total (R ``svytotal``); ``deff`` as R's ``deff=TRUE`` or ``"replace"``."""
    y, ok = numeric(design, col, na_rm)
    return _domain_stats(design, y, _one(ok), 1, "total", conf_level, deff)[0][0]


PROPORTION_METHODS = ("logit", "likelihood", "beta", "mean", "asin", "xlogit")


def proportion_ci(est: Estimate, method: str, conf_level: float,
                  n_rows: int | None = None, sample: ProfileSample | None = None) -> Estimate:
    """Replace the Wald interval of a mean of a 0/1 variable by R's ``svyciprop`` interval.

    ``logit``/``xlogit``: t interval for ``logit(p)`` with SE ``se / (p (1-p))`` (R fits
    ``svyglm`` resp. uses ``svycontrast``; both give this), back-transformed; ``mean``: the t
    interval for ``p``; ``asin``: t interval for ``asin(√p)`` with SE ``se / (2 √(p(1-p)))``,
    back-transformed by ``sin²`` (R ``svycontrast``, as R not clipped at 0 or π/2);
    ``likelihood``: R's spline-interpolated profile-likelihood interval of the quasibinomial
    glm, which needs the respondents' data (``sample``, see :mod:`analysis.profile_ci`);
    ``beta``: Korn–Graubard with ``n_rows`` (R's ``nrow(design)``, default ``est.n``), see
    :func:`analysis.intervals.beta_interval`. Undefined intervals (df ≤ 0, SE = 0) are NaN.
    The df is ``est.df``: PSUs with respondents minus strata. R's ``svyciprop`` takes
    ``degf(subset(design, domain))``, which also counts PSUs whose domain rows all lack an
    answer; we keep the respondents' df (the app pins it) and test the difference beside R's
    value (``tests/analysis/test_likelihood_r.py``).
    ``logit`` and ``likelihood`` at p = 0 or 1 fall back to the Korn–Graubard/Clopper–Pearson
    interval.
    """
    p, se, df = est.estimate, est.se, est.df
    n = est.n if n_rows is None else n_rows
    if method not in PROPORTION_METHODS:
        raise ValueError(f"unknown proportion CI method {method!r}: use one of "
                         f"{', '.join(PROPORTION_METHODS)}")
    used = method
    if method == "beta" or (method in ("logit", "xlogit", "likelihood") and (p <= 0 or p >= 1)):
        lo, hi = intervals.beta_interval(p, se, df, n, conf_level)
        if method != "beta":
            used = "beta (p is 0 or 1; logit undefined)"
    elif method in ("logit", "xlogit"):
        lo, hi = intervals.logit_interval(p, se, df, conf_level)
    elif method == "likelihood":
        if sample is None:
            raise ValueError("the likelihood interval needs the respondents' data (sample=...)")
        lo, hi = likelihood_interval(p, se, df, sample, conf_level)
    elif method == "mean":
        lo, hi = intervals.wald(p, se, df, conf_level)
    else:
        lo, hi = intervals.asin_interval(p, se, df, conf_level)
    return Estimate(p, se, lo, hi, df, est.deff, est.n, method=used)


def _glm_data(design: SurveyDesign, y: FloatArray, ok: BoolArray, domain: BoolArray | None
              ) -> tuple[int, ProfileSample]:
    """R's ``nrow(design)`` in ``svyciprop`` and the data of its ``svyglm`` for one domain.

    R's ``subset()`` drops the other rows of an uncalibrated design (``nrow`` = the domain's
    rows, also those with a missing answer) but keeps every row of a calibrated design with
    zero weight. The glm's prior weights are the weights over their mean across those rows
    (zero outside the domain); its model frame drops rows with a missing answer (``na.omit``).
    """
    w = design.weights
    in_domain = np.ones(design.n, dtype=bool) if domain is None else domain
    kept = in_domain if not design._steps else np.ones(design.n, dtype=bool)
    resp = ok & in_domain & (w > 0)
    scale = np.sum(w[in_domain]) / np.sum(kept)  # mean weight over kept rows, 0 outside
    return int(np.sum(kept)), ProfileSample(y[resp], w[resp] / scale, int(np.sum(ok & kept)))


def proportion(design: SurveyDesign, col: ColumnOrArray, value: Hashable | None = None, *,
               method: str = "logit", na_rm: bool = False,
               conf_level: float = 0.95) -> Estimate:
    """Proportion with a ``svyciprop``-style interval (see :func:`proportion_ci`)."""
    y, ok = indicator(design, col, value, na_rm)
    est = _domain_stats(design, y, _one(ok), 1, "mean", conf_level)[0][0]
    return proportion_ci(est, method, conf_level, *_glm_data(design, y, ok, None))


def _wquantile(x: FloatArray, w: FloatArray, p: float) -> float:
    """R ``qrule="math"``: the smallest x with weighted CDF ≥ p.

    As R (``survey:::qs`` takes the last position with CDF ≤ p, and ``survey:::last`` gives
    position 1 when there is none), a ``p`` below the first CDF step gives the *second*
    smallest value; reproduced so that interval ends agree with R.
    """
    order = np.argsort(x, kind="stable")
    cdf = np.cumsum(w[order]) / np.sum(w)
    idx = min(int(np.searchsorted(cdf, p * (1 - 1e-12), side="left")), x.size - 1)
    if idx == 0 and x.size > 1 and cdf[0] > p * (1 + 1e-12):
        idx = 1
    return float(x[order][idx])


def quantile(design: SurveyDesign, col: ColumnOrArray, q: float, *, na_rm: bool = False,
             conf_level: float = 0.95) -> Estimate:
    """Weighted quantile with Woodruff's interval (R ``svyquantile`` defaults:
    ``interval.type="mean"``, ``qrule="math"``, ``df = degf``): the t interval for the
    proportion of respondents at or below the estimate is mapped back through the weighted
    CDF; SE = CI width / (2 t). An interval end outside [0, 1] gives NaN, as in R."""
    y, ok = numeric(design, col, na_rm)
    return _quantile(design, y, ok, q, conf_level)


def _quantile(design: SurveyDesign, y: FloatArray, ok: BoolArray, q: float,
              conf_level: float) -> Estimate:
    """Woodruff quantile of ``y`` over the rows ``ok`` (a domain keeps the full design)."""
    if not 0 < q < 1:
        raise ValueError("q must be between 0 and 1")
    m = ok & (design.weights > 0)
    if not m.any():
        raise DesignError("no respondents with positive weight for the quantile")
    xq = _wquantile(y[m], design.weights[m], q)
    at_or_below = ((y <= xq) & ok).astype(np.float64)
    below = _domain_stats(design, at_or_below, _one(ok), 1, "mean", conf_level)[0][0]
    lo_p, hi_p = intervals.wald(below.estimate, below.se, below.df, conf_level)
    lo = _wquantile(y[m], design.weights[m], lo_p) if lo_p >= 0 else float("nan")
    hi = _wquantile(y[m], design.weights[m], hi_p) if hi_p <= 1 else float("nan")
    t = intervals._t(conf_level, below.df)
    se = (hi - lo) / (2 * t) if hi > lo else float("nan")
    return Estimate(xq, se, lo, hi, below.df, float("nan"), below.n, method="woodruff")


def quantile_by(design: SurveyDesign, domain: ColumnOrArray, col: ColumnOrArray, q: float,
                *, na_rm: bool = False, conf_level: float = 0.95) -> DomainTable:
    """Woodruff quantile per domain (R ``svyby(~y, ~d, design, svyquantile, ci=TRUE)``): each
    domain's weighted CDF, its interval from the domain proportion at or below the estimate
    with the domain's df. ``vcov`` holds the squared SEs (no covariances: NaN off-diagonal)."""
    y, ok = numeric(design, col, na_rm)
    keys, codes = domain_codes(design, domain, na_rm)
    ests = tuple(_quantile(design, y, ok & (codes == d), q, conf_level)
                 for d in range(len(keys)))
    vcov = np.full((len(keys), len(keys)), np.nan)
    np.fill_diagonal(vcov, [e.se**2 for e in ests])
    name = domain if isinstance(domain, str) else "domain"
    return DomainTable(name, tuple(keys), ests, vcov)


def domain_codes(design: SurveyDesign, domain: ColumnOrArray, na_rm: bool
                 ) -> tuple[list[Any], IntArray]:
    """Sorted domain values and the domain code of every row (-1 for a missing domain)."""
    raw = design.column(domain)
    name = domain if isinstance(domain, str) else "domain"
    if raw.isna().any() and not na_rm:
        raise DesignError(f"domain column {name!r} has {int(raw.isna().sum())} missing values; "
                          "pass na_rm=True to leave those rows out of every domain")
    codes, keys = pd.factorize(raw, sort=True)
    return list(keys), codes


def by(design: SurveyDesign, domain: ColumnOrArray, col: ColumnOrArray | None, stat: str,
       *, value: Hashable | None = None, method: str = "logit", na_rm: bool = False,
       conf_level: float = 0.95, deff: str = "srswor") -> DomainTable:
    """Estimates per domain with the full covariance matrix (R ``svyby(..., covmat=TRUE)``).

    Proportions use :func:`proportion_ci` with R's ``nrow`` of the domain's design (all rows
    for a calibrated design, the domain's rows otherwise, also those with a missing answer)."""
    if stat not in ("mean", "total", "proportion"):
        raise ValueError(f"unknown stat {stat!r}: use 'mean', 'total' or 'proportion'")
    if col is None:
        raise ValueError("by() needs the column to estimate (col=...)")
    keys, codes = domain_codes(design, domain, na_rm)
    if stat == "proportion":
        y, ok = indicator(design, col, value, na_rm)
    else:
        y, ok = numeric(design, col, na_rm)
    ests, vcov = _domain_stats(design, y, np.where(ok, codes, -1), len(keys),
                               "total" if stat == "total" else "mean", conf_level, deff)
    if stat == "proportion" and method == "likelihood":
        ests = [proportion_ci(e, method, conf_level, *_glm_data(design, y, ok, codes == d))
                for d, e in enumerate(ests)]
    elif stat == "proportion":  # only R's nrow of each domain (see _glm_data), all at once
        n_rows = (np.full(len(keys), design.n) if design._steps
                  else np.bincount(codes[codes >= 0], minlength=len(keys)))
        ests = [proportion_ci(e, method, conf_level, int(n_rows[d]))
                for d, e in enumerate(ests)]
    name = domain if isinstance(domain, str) else "domain"
    return DomainTable(name, tuple(keys), tuple(ests), vcov)
