"""Taylor-linearisation variance for stratified one-stage cluster designs.

The variance of a linear statistic with weighted influence values ``x`` (one row per respondent)
is the with-replacement estimator within strata, multiplied by the finite population correction
(R ``survey::svyrecvar`` with ``survey.ultimate.cluster`` semantics)::

    V = sum_h (1 - f_h) n_h / (n_h - 1) sum_i (t_hi - mean_h t)^T (t_hi - mean_h t)

where ``t_hi`` are PSU totals of ``x``. Calibration steps recorded on the design replace ``x`` by
weighted residuals of a regression on the calibration auxiliaries first, as R does.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy import sparse

from analysis._typing import BoolArray, FloatArray, IntArray, weighted_bincount


@dataclass(frozen=True)
class CalibrationStep:
    """Auxiliary model of one weighting step, kept so that variances use residuals.

    Rows are mapped to ``cells`` (``cell[i]`` indexes a row of ``xc``); for categorical
    auxiliaries the cells are the unique category combinations, for continuous auxiliaries every
    row is its own cell. ``xc=None`` means one dummy per cell (post-stratification): the fit is
    then the weighted cell mean. ``w_before``/``w_after`` are the weights before and after the step.
    """

    cell: IntArray
    xc: FloatArray | None
    w_before: FloatArray
    w_after: FloatArray

    def residualize(self, x: FloatArray) -> FloatArray:
        """Replace weighted influence values by g-weighted GREG residuals.

        Same as R's ``qr.resid(qr(mm * sqrt(w)), x / (g * sqrt(w))) * g * sqrt(w)``:
        ``u = x / w_after``, ``beta`` the regression of ``u`` on the auxiliaries weighted by
        ``w_before``, result ``w_after * (u - X beta)``.
        """
        fitted = self.fitted_cells(x)
        return x - self.w_after[:, None] * fitted[self.cell]

    @property
    def n_cells(self) -> int:
        """Number of cells (rows of ``xc``, or distinct cells when ``xc`` is None)."""
        return int(self.cell.max()) + 1 if self.xc is None else int(self.xc.shape[0])

    @cached_property
    def _cell_parts(self) -> tuple[sparse.csr_matrix, FloatArray, BoolArray, FloatArray,
                                   FloatArray | None]:
        """What :meth:`fitted_cells` needs that does not depend on ``x``, made once per step
        (a table of 100 measures fits 200 times): the cell aggregation matrix, the cell
        weights, the cells with weight, their square roots and the weighted auxiliaries."""
        ratio = np.divide(self.w_before, self.w_after, out=np.zeros_like(self.w_before),
                          where=self.w_after > 0)
        rows = np.arange(self.cell.size)
        # cell sums of w_before * u with u = x / w_after, without forming u
        agg = sparse.csr_matrix((ratio, (self.cell, rows)), shape=(self.n_cells, self.cell.size))
        cell_w = weighted_bincount(self.cell, weights=self.w_before, minlength=self.n_cells)
        used = cell_w > 0
        root = np.sqrt(cell_w[used])
        xc = None if self.xc is None else self.xc[used] * root[:, None]
        return agg, cell_w, used, root, xc

    def fitted_cells(self, x: FloatArray | sparse.csr_matrix) -> FloatArray:
        """Regression fit ``X beta`` per cell (cells × k) for influence values ``x``."""
        agg, cell_w, used, root, weighted_xc = self._cell_parts
        # dense for a dense x, sparse for a sparse one (scipy's stubs say "either" to both)
        sums = np.asarray(agg @ x) if isinstance(x, np.ndarray) else (agg @ x).toarray()
        cell_mean_u = sums[used] / cell_w[used][:, None]
        if self.xc is None or weighted_xc is None:
            fitted = np.zeros((self.n_cells, sums.shape[1]))
            fitted[used] = cell_mean_u
            return fitted
        # least squares on the (weighted) cells rather than normal equations: R uses a QR
        # decomposition, and squaring the condition number would cost digits
        beta: FloatArray = np.linalg.lstsq(weighted_xc, cell_mean_u * root[:, None],
                                           rcond=1e-12)[0]
        return self.xc @ beta


@dataclass(frozen=True)
class BackfitStep:
    """R ``rake()``'s variance approximation, kept to reproduce R's figures exactly.

    ``survey::svyrecvar`` does not use the regression residuals for a design from ``rake()``;
    it runs 10 sweeps of ``x <- x - w * ave(x / w, margin)`` over the margins (unweighted means
    of ``x / w`` within each margin category, with the raked weights ``w``).
    """

    codes: tuple[IntArray, ...]
    w_after: FloatArray
    sweeps: int = 10

    def residualize(self, x: FloatArray) -> FloatArray:
        """Influence values after R's backfitting sweeps over the raking margins."""
        w = np.where(self.w_after > 0, self.w_after, 1.0)[:, None]
        rows = np.arange(w.shape[0])
        groups = []
        for codes in self.codes:
            k = int(codes.max()) + 1
            indicator = sparse.csr_matrix((np.ones(codes.size), (codes, rows)),
                                          shape=(k, codes.size))
            groups.append((codes, indicator, np.bincount(codes, minlength=k)[:, None]))
        x = np.array(x, dtype=np.float64)
        for _ in range(self.sweeps):
            for codes, indicator, counts in groups:
                x -= w * (np.asarray(indicator @ (x / w)) / counts)[codes]
        return x


@dataclass(frozen=True)
class DesignStructure:
    """Strata, PSUs and sampling fractions of a design (immutable, shared between designs)."""

    strata: IntArray  # stratum code per row
    psu: IntArray  # PSU code per row, unique across strata
    psu_stratum: IntArray  # stratum code per PSU
    fraction: FloatArray  # sampling fraction f_h per stratum (0 when no fpc)

    @property
    def n_psu(self) -> int:
        """Number of PSUs in the sample."""
        return int(self.psu_stratum.size)

    @property
    def n_strata(self) -> int:
        """Number of strata."""
        return int(self.fraction.size)

    def vcov(self, x: FloatArray, steps: tuple[CalibrationStep | BackfitStep, ...] = ()
             ) -> FloatArray:
        """Covariance matrix of the totals of the columns of ``x`` (weighted influence)."""
        x = np.asarray(x, dtype=np.float64)
        if x.ndim == 1:
            x = x[:, None]
        for step in steps:
            x = step.residualize(x)
        if self.n_psu == self.psu.size:  # every row is its own PSU: totals are the rows
            totals = np.empty_like(x)
            totals[self.psu] = x
        else:
            psu_sum = sparse.csr_matrix(
                (np.ones(self.psu.size), (self.psu, np.arange(self.psu.size))),
                shape=(self.n_psu, self.psu.size),
            )
            totals = np.asarray(psu_sum @ x)
        h = self.psu_stratum
        n_h = np.bincount(h, minlength=self.n_strata).astype(np.float64)
        strat_sum = sparse.csr_matrix(
            (np.ones(h.size), (h, np.arange(h.size))), shape=(self.n_strata, h.size)
        )
        means = np.asarray(strat_sum @ totals) / n_h[:, None]
        totals -= means[h]
        with np.errstate(divide="ignore", invalid="ignore"):
            scale: FloatArray = np.where(n_h > 1, (1.0 - self.fraction) * n_h / (n_h - 1.0), 0.0)
        if np.all(scale == scale[0]):
            return float(scale[0]) * (totals.T @ totals)
        return totals.T @ (totals * scale[h][:, None])

    def vcov_sparse(self, x: sparse.csr_matrix,
                    steps: tuple[CalibrationStep | BackfitStep, ...] = ()) -> FloatArray:
        """:meth:`vcov` for a sparse ``x`` (disjoint domains: one non-zero per row).

        With at most one calibration step the PSU totals are ``A - B F`` (``A``: PSU totals of
        ``x``, ``B``: PSU × cell sums of the calibrated weights, ``F``: fitted values per cell),
        so ``V = T'ST - Σ_h s_h n_h t̄_h t̄_h'`` is assembled from small matrices without ever
        forming the dense n × D residual matrix.
        """
        calibration = [st for st in steps if isinstance(st, CalibrationStep)]
        if len(steps) > 1 or len(calibration) < len(steps):
            return self.vcov(x.toarray(), steps)
        to_psu, n_h, scale, s_psu, to_stratum = self._sparse_parts
        # each row its own PSU: the PSU totals are x itself (a product with the identity only
        # drops explicit zeros, which add nothing below)
        a = x.tocsr() if self._rows_are_psus else (to_psu @ x).tocsr()
        a_s = a.T @ s_psu
        tst: FloatArray = (a_s @ a).toarray()
        gt: FloatArray = (to_stratum @ a).toarray()
        if calibration:
            step = calibration[0]
            f = step.fitted_cells(x)
            b, bsb, stratum_b = self._calibration_parts(step)
            asbf = (a_s @ b) @ f
            tst += f.T @ (bsb @ f) - asbf - asbf.T
            gt -= np.asarray(stratum_b @ f)
        means = gt / n_h[:, None]
        v = tst - means.T @ (means * (scale * n_h)[:, None])
        return (v + v.T) / 2

    @cached_property
    def _sparse_parts(self) -> tuple[sparse.csr_matrix, FloatArray, FloatArray,
                                     sparse.csc_matrix, sparse.csr_matrix]:
        """What :meth:`vcov_sparse` needs of the structure alone, made once: rows to PSUs,
        PSUs per stratum, the scale ``(1 - f_h) n_h / (n_h - 1)``, it per PSU as a diagonal,
        PSUs to strata."""
        n = self.psu.size
        if self._rows_are_psus:
            to_psu = sparse.identity(n, format="csr")
        else:
            to_psu = sparse.csr_matrix((np.ones(n), (self.psu, np.arange(n))),
                                       shape=(self.n_psu, n))
        h = self.psu_stratum
        n_h = np.bincount(h, minlength=self.n_strata).astype(np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            scale: FloatArray = np.where(n_h > 1, (1.0 - self.fraction) * n_h / (n_h - 1.0), 0.0)
        s_psu = sparse.diags(scale[h]).tocsc()  # the form a product with a.T converts it to
        to_stratum = sparse.csr_matrix((np.ones(h.size), (h, np.arange(h.size))),
                                       shape=(self.n_strata, h.size))
        return to_psu, n_h, scale, s_psu, to_stratum

    @cached_property
    def _rows_are_psus(self) -> bool:
        """Whether row ``i`` is PSU ``i`` (no clusters: every respondent its own PSU)."""
        return self.n_psu == self.psu.size and bool(np.array_equal(self.psu,
                                                                   np.arange(self.psu.size)))

    @cached_property
    def _step_cache(self) -> dict[int, tuple[CalibrationStep, tuple[sparse.csr_matrix, ...]]]:
        return {}

    def _calibration_parts(self, step: CalibrationStep) -> tuple[sparse.csr_matrix, ...]:
        """``B`` (PSU × cell sums of the calibrated weights), ``B' S B`` and the stratum sums
        of ``B`` for :meth:`vcov_sparse`: they do not depend on ``x``, so made once per step."""
        found = self._step_cache.get(id(step))
        if found is not None and found[0] is step:
            return found[1]
        to_psu, _n_h, _scale, s_psu, to_stratum = self._sparse_parts
        n = self.psu.size
        b = to_psu @ sparse.csr_matrix((step.w_after, (np.arange(n), step.cell)),
                                       shape=(n, step.n_cells))
        parts = (b, b.T @ s_psu @ b, to_stratum @ b)
        self._step_cache[id(step)] = (step, parts)
        return parts

    def domain_df(self, mask: BoolArray) -> float:
        """Design df of a domain: PSUs with respondents in it minus their strata (R ``degf``)."""
        present = np.bincount(self.psu[mask], minlength=self.n_psu) > 0
        strata = np.bincount(self.psu_stratum[present], minlength=self.n_strata) > 0
        return float(np.count_nonzero(present) - np.count_nonzero(strata))

    def domain_dfs(self, rows: IntArray, domain: IntArray, n_domains: int) -> FloatArray:
        """:meth:`domain_df` for disjoint domains at once (``domain[k]`` is the domain of
        row ``rows[k]``)."""
        pairs = domain.astype(np.int64) * self.n_psu + self.psu[rows]
        if self.n_psu < self.psu.size:  # rows share PSUs (else each row is a distinct pair)
            pairs = _distinct(pairs)
        dom, psu = np.divmod(pairs, self.n_psu)
        strata = _distinct(dom * self.n_strata + self.psu_stratum[psu],
                           n_domains * self.n_strata) // self.n_strata
        return (np.bincount(dom, minlength=n_domains)
                - np.bincount(strata, minlength=n_domains)).astype(np.float64)


def _distinct(values: IntArray, bound: int | None = None) -> IntArray:
    """Sorted distinct values by sorting (numpy's hash-based ``unique`` is slower here), or by
    counting when every value is below a ``bound`` that is small beside the number of values."""
    if bound is not None and bound <= 4 * values.size:
        return np.flatnonzero(np.bincount(values, minlength=bound))
    ordered = np.sort(values)
    keep = np.empty(ordered.size, dtype=bool)
    keep[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]
