"""svyciprop(method = "likelihood"), Korn–Graubard row counts and svychisq in a calibrated
design against R ``survey`` 4.1.1 (R 4.2.2), printed by ``data/make_reference.R`` into
``data/r_reference.txt``.

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


def _missing_answers(make_design, apiclus1):
    # cna$comp.imp[cna$snum %% 5 == 0] <- NA; dna <- svydesign(id = ~dnum, weights = ~pw,
    # data = cna, fpc = ~fpc)
    data = apiclus1.copy()
    data.loc[data["snum"] % 5 == 0, "comp.imp"] = None
    return make_design(data, weights="pw", cluster="dnum", fpc="fpc")


@pytest.mark.parametrize(("method", "expected"), [
    # svyciprop(~I(comp.imp == "Yes"), subset(dna, stype == "E"), method = m, na.rm = TRUE):
    # coef, SE, ci, degf(sub); nrow(sub) = 144 counts the 29 rows without an answer
    ("beta", (0.7652173913043478, 0.0277780430500229, 0.6998714641520714,
              0.8224316528090244, 14)),
    ("likelihood", (0.7652173913039338, 0.0277780430500229, 0.7021235149885867,
                    0.8213096711984796, 14)),
])
def test_uncalibrated_domain_with_missing_answers(make_design, apiclus1, method, expected):
    design = _missing_answers(make_design, apiclus1)
    est = design.by("stype", "comp.imp", "proportion", value="Yes", method=method,
                    na_rm=True)["E"]
    check((est.estimate, est.se, est.ci_low, est.ci_high, est.df), expected)


def test_likelihood_whole_design_with_missing_answers(make_design, apiclus1):
    # svyciprop(~I(comp.imp == "Yes"), dna, method = "likelihood", na.rm = TRUE):
    # coef, SE, ci, degf(dna); the glm's weights are scaled over all 183 rows
    est = _missing_answers(make_design, apiclus1).proportion("comp.imp", "Yes",
                                                             method="likelihood", na_rm=True)
    check((est.estimate, est.se, est.ci_low, est.ci_high, est.df),
          (0.7229729729724966, 0.0296879602478905, 0.6563611197531410, 0.7835655960552186, 14))


def test_missing_answers_df_differs_from_r_where_a_psu_has_no_answer(make_design, apiclus1):
    # domain M: one of R's 11 + 1 PSUs has domain rows but no answer. R's svyciprop uses
    # degf(subset(dna, stype == "M")) = 11 (all domain rows); we keep the respondents' df, 10,
    # as for every other estimate. With R's df our rules (nrow = 25 domain rows, the glm of the
    # respondents) give R's intervals:
    #   beta        0.267937712739380 0.874758061833601
    #   likelihood  0.283594463856550 0.865654014091936
    from analysis import intervals
    from analysis.estimators import _glm_data, indicator
    from analysis.profile_ci import likelihood_interval

    design = _missing_answers(make_design, apiclus1)
    est = design.by("stype", "comp.imp", "proportion", value="Yes", method="beta",
                    na_rm=True)["M"]
    check((est.estimate, est.se), (0.6, 0.142736975313099))
    assert est.df == 10
    y, ok = indicator(design, "comp.imp", "Yes", True)
    rows, sample = _glm_data(design, y, ok, (design.data["stype"] == "M").to_numpy())
    assert rows == 25 and sample.y.size == 20
    check(intervals.beta_interval(est.estimate, est.se, 11, rows, 0.95),
          (0.267937712739380, 0.874758061833601))
    check(likelihood_interval(est.estimate, est.se, 11, sample, 0.95),
          (0.283594463856550, 0.865654014091936))
    assert (est.ci_low, est.ci_high) == intervals.beta_interval(est.estimate, est.se, 10, 25,
                                                                0.95)


def test_r_spline_reproduces_a_cubic():
    # FMM end conditions match the third derivative of the cubic through the end points, so
    # the spline of a cubic is the cubic itself (Forsythe, Malcolm & Moler 1977, §4.4)
    x = np.array([-1.3, -0.7, -0.2, 0.0, 0.4, 1.1, 1.5])
    y = 0.3 * x**3 - x**2 + 2 * x - 0.5
    u, v = r_spline(x, y)
    assert u.size == 3 * x.size and u[0] == x[0] and u[-1] == x[-1]
    np.testing.assert_allclose(v, 0.3 * u**3 - u**2 + 2 * u - 0.5, rtol=0, atol=1e-12)


@pytest.mark.parametrize(("statistic", "expected"), [
    # svychisq(~comp.imp + sch.wide, postStratify(dclus1, ~stype, pop), statistic = s)
    ("F", (2.69377762521620e02, 1.0, 14.0, 1.53838257981064e-10)),
    ("saddlepoint", (7.11934966729734e01, 1.73982245394655e-10)),
])
def test_chisq_in_a_poststratified_design(dclus1, statistic, expected):
    res = dclus1.poststratify("stype", POP).chisq("comp.imp", "sch.wide", statistic)
    got = ((res.statistic, res.ndf, res.ddf, res.p_value) if statistic == "F"
           else (res.statistic, res.p_value))
    check(got, expected)
