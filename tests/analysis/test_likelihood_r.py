"""svyciprop(method = "likelihood") and Korn–Graubard row counts against R ``survey`` 4.1.1
(R 4.2.2), printed by ``data/make_reference.R`` into ``data/r_reference.txt``.

R's interval is a cubic spline through a 10-point-per-side profile grid; the grid and the
spline are deterministic, so reproducing them matches R to rounding (asserted to 1e-8)."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.profile_ci import r_spline

REL = 1e-8
POP = {"E": 4421.0, "H": 755.0, "M": 1018.0}


def close(value: float, expected: float) -> bool:
    return value == pytest.approx(expected, rel=REL, abs=0)


def check(got: tuple[float, ...], expected: tuple[float, ...]) -> None:
    for g, e in zip(got, expected, strict=True):
        assert close(g, e), (got, expected)


@pytest.mark.parametrize(("design", "expected"), [
    # svyciprop(~I(sch.wide == "Yes"), d, method = "likelihood"): coef, ci
    ("dstrat", (0.8279480110019575, 0.7764118534284913, 0.8724158660515278)),
    ("dclus1", (0.8743169398870401, 0.8262882419635761, 0.9136944918924953)),
])
def test_likelihood_whole_design(request, design, expected):
    est = request.getfixturevalue(design).proportion("sch.wide", "Yes", method="likelihood")
    check((est.estimate, est.ci_low, est.ci_high), expected)
    assert est.method == "likelihood"


def test_likelihood_uncalibrated_domain(dclus1):
    # svyciprop(~I(comp.imp == "Yes"), subset(dclus1, stype == "H"), method = "likelihood")
    est = dclus1.by("stype", "comp.imp", "proportion", value="Yes", method="likelihood")["H"]
    check((est.estimate, est.ci_low, est.ci_high),
          (0.5, 0.237418437732433, 0.762581562267568))


@pytest.mark.parametrize(("stype", "expected"), [
    # svyciprop(~I(comp.imp == "Yes"), subset(postStratify(dclus1, ~stype, pop), stype == s),
    #           method = "likelihood"): coef, ci (all 183 rows kept with zero weight)
    ("E", (0.777777777762469, 0.710189627366848, 0.836771756231762)),
    ("M", (0.559999999999978, 0.273929624333117, 0.820110600736183)),
])
def test_likelihood_calibrated_domain(dclus1, stype, expected):
    est = dclus1.poststratify("stype", POP).by("stype", "comp.imp", "proportion",
                                               value="Yes", method="likelihood")[stype]
    check((est.estimate, est.ci_low, est.ci_high), expected)


@pytest.mark.parametrize(("stype", "method", "expected"), [
    # cna$comp.imp[cna$snum %% 5 == 0] <- NA; dna <- svydesign(id = ~dnum, weights = ~pw,
    # data = cna, fpc = ~fpc); svyciprop(~I(comp.imp == "Yes"), subset(dna, stype == s),
    # method = m, na.rm = TRUE): coef, SE, ci, degf(sub); nrow(sub) = 144 (E), 25 (M) counts
    # the rows without an answer
    ("E", "beta", (0.7652173913043478, 0.0277780430500229, 0.6998714641520714,
                   0.8224316528090244, 14)),
    ("M", "beta", (0.6, 0.142736975313099, 0.267937712739380, 0.874758061833601, 11)),
    ("E", "likelihood", (0.7652173913039338, 0.0277780430500229, 0.7021235149885867,
                         0.8213096711984796, 14)),
    ("M", "likelihood", (0.6, 0.142736975313099, 0.283594463856550, 0.865654014091936, 11)),
])
def test_uncalibrated_domain_with_missing_answers(make_design, apiclus1, stype, method,
                                                  expected):
    data = apiclus1.copy()
    data.loc[data["snum"] % 5 == 0, "comp.imp"] = None
    design = make_design(data, weights="pw", cluster="dnum", fpc="fpc")
    est = design.by("stype", "comp.imp", "proportion", value="Yes", method=method,
                    na_rm=True)[stype]
    check((est.estimate, est.se, est.ci_low, est.ci_high, est.df), expected)


def test_r_spline_reproduces_a_cubic():
    # FMM end conditions match the third derivative of the cubic through the end points, so
    # the spline of a cubic is the cubic itself (Forsythe, Malcolm & Moler 1977, §4.4)
    x = np.array([-1.3, -0.7, -0.2, 0.0, 0.4, 1.1, 1.5])
    y = 0.3 * x**3 - x**2 + 2 * x - 0.5
    u, v = r_spline(x, y)
    assert u.size == 3 * x.size and u[0] == x[0] and u[-1] == x[-1]
    np.testing.assert_allclose(v, 0.3 * u**3 - u**2 + 2 * u - 0.5, rtol=0, atol=1e-12)
