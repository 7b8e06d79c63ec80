"""lincom p-values (exact distribution of X² as Σ λ χ²₁ over χ²_ν/ν) against closed forms and
a seeded Monte Carlo. (R's own reference for ``lincom`` needs CompQuadForm, which this
machine's R lacks: R then falls back to the saddlepoint, which is checked in test_more_r.)"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from analysis.quadform import pfsum_sf


@pytest.mark.parametrize(("x", "lam", "ddf"), [(5.0, 1.5, 30.0), (2.0, 0.8, 7.5),
                                                (12.0, 2.5, 200.0)])
def test_equal_eigenvalues_give_the_f_distribution(x, lam, ddf):
    # λ χ²_3 / (χ²_ν/ν) = 3 λ F(3, ν)
    assert pfsum_sf(x, [lam] * 3, ddf) == pytest.approx(stats.f.sf(x / (3 * lam), 3, ddf),
                                                        rel=1e-9)


def test_unequal_eigenvalues_match_monte_carlo():
    rng = np.random.default_rng(16)
    lam, ddf, x = np.array([2.0, 0.7, 0.3]), 20.0, 9.0
    draws = 2_000_000
    q = (rng.chisquare(1, (draws, 3)) @ lam) / (rng.chisquare(ddf, draws) / ddf)
    mc = float(np.mean(q > x))
    se = np.sqrt(mc * (1 - mc) / draws)  # ≈ 1.6e-4
    assert abs(pfsum_sf(x, lam, ddf) - mc) < 4 * se


def test_lincom_on_a_design(dclus1):
    result = dclus1.chisq("comp.imp", "stype", "lincom")
    sad = dclus1.chisq("comp.imp", "stype", "saddlepoint")
    assert result.statistic == sad.statistic
    # the saddlepoint approximation is close to, not equal to, the exact tail
    assert result.p_value == pytest.approx(sad.p_value, rel=0.05)
    assert result.p_value != pytest.approx(sad.p_value, rel=1e-4)
