"""Estimators against R ``survey`` (R 4.2.2, survey 4.1.1).

Every expected number was printed by ``tests/analysis/data/make_reference.R`` (output in
``data/r_reference.txt``); the R call is given next to each value. R is not needed to run these.
"""

from __future__ import annotations

import numpy as np
import pytest

from analysis import SurveyDesign

REL = 1e-9


def close(value: float, expected: float, rel: float = REL) -> bool:
    return value == pytest.approx(expected, rel=rel, abs=0)


def check(est, expected: tuple[float, ...], rel: float = REL) -> None:
    """expected = (estimate, se, deff, ci_low, ci_high, df) as printed by R."""
    got = (est.estimate, est.se, est.deff, est.ci_low, est.ci_high, est.df)
    for g, e in zip(got, expected, strict=True):
        assert close(g, e, rel), (got, expected)


def test_mean_stratified(dstrat):
    # svymean(~api00, dstrat, deff=TRUE); confint(., df=degf(dstrat)); degf(dstrat)
    check(dstrat.mean("api00"), (662.28736315932076, 9.40894080278458, 1.20445726853772,
                                 643.73218827208620, 680.84253804655532, 197))
    assert dstrat.mean("api00").n == 200


def test_total_stratified(dstrat):
    # svytotal(~enroll, dstrat, deff=TRUE); confint(., df=degf(dstrat))
    check(dstrat.total("enroll"), (3.68717753243828e06, 1.14641716100780e05,
                                   3.62018122363404e-01, 3.46109500771954e06,
                                   3.91326005715701e06, 197), rel=1e-10)


def test_mean_and_total_cluster(dclus1):
    # svymean(~api00, dclus1, deff=TRUE); svytotal(~enroll, dclus1, deff=TRUE); df = 14
    check(dclus1.mean("api00"), (644.16939890710387, 23.54224069378104, 9.34586945059095,
                                 593.67631446332553, 694.66248335088221, 14))
    check(dclus1.total("enroll"), (3.40494013452911e06, 9.32235027041215e05,
                                   3.13106560943494e01, 1.40549485852042e06,
                                   5.40438541053781e06, 14))


@pytest.mark.parametrize(("design", "method", "expected"), [
    # svyciprop(~I(sch.wide == "Yes"), dstrat, method = "logit") -> coef, SE, ci
    ("dstrat", "logit", (0.8279480114158234, 0.0243447801130748, 0.7745396543515681,
                         0.8708148545445087)),
    ("dclus1", "logit", (0.8743169398907104, 0.0203594772446274, 0.8237988923790337,
                         0.9119000770212227)),
    # svyciprop(~I(sch.wide == "Yes"), ..., method = "beta")
    ("dstrat", "beta", (0.8279480114158234, 0.0243447801130748, 0.7741713285973125,
                        0.8734315926207352)),
    ("dclus1", "beta", (0.8743169398907104, 0.0203594772446274, 0.8237022108475011,
                        0.9147044921268653)),
])
def test_proportion_ci(request, design, method, expected):
    des = request.getfixturevalue(design)
    est = des.proportion("sch.wide", "Yes", method=method)
    # R's logit interval comes from an iteratively fitted svyglm (glm epsilon 1e-8): 1e-8 there
    rel = 1e-8 if method == "logit" else REL
    got = (est.estimate, est.se, est.ci_low, est.ci_high)
    assert got == pytest.approx(expected, rel=rel)


@pytest.mark.parametrize(("method", "ci"), [
    # svyciprop(~I(comp.imp == "Yes"), subset(dclus1, stype == "H"), method = m); degf = 7
    ("logit", (0.250732090268181, 0.749267909731819)),
    ("beta", (0.243331787439710, 0.756668212560290)),
])
def test_domain_proportion_uses_domain_df(dclus1, method, ci):
    table = dclus1.by("stype", "comp.imp", "proportion", value="Yes", method=method)
    est = table["H"]
    assert est.estimate == pytest.approx(0.5, rel=REL)
    assert est.se == pytest.approx(0.115738431706624, rel=REL)
    assert est.df == 7
    assert (est.ci_low, est.ci_high) == pytest.approx(ci, rel=1e-8)


def test_by_with_covariance(dclus1):
    # b <- svyby(~api00, ~stype, dclus1, svymean, covmat = TRUE); coef(b); vcov(b)
    table = dclus1.by("stype", "api00")
    assert table.keys == ("E", "H", "M")
    assert [e.estimate for e in table.estimates] == pytest.approx(
        [648.868055555556, 618.571428571429, 631.440000000000], rel=1e-13)
    expected = [[500.077331534932, 521.979779636953, 646.837432379581],
                [521.979779636953, 1445.539361351529, 658.330933383657],
                [646.837432379581, 658.330933383657, 999.158291952444]]
    assert table.vcov == pytest.approx(np.array(expected), rel=1e-12)
    frame = table.to_frame()
    assert list(frame.columns[:3]) == ["stype", "estimate", "se"]
    assert table.vcov_frame().loc["E", "H"] == pytest.approx(521.979779636953, rel=1e-12)


def test_by_total_stratified_is_block_diagonal(dstrat):
    # svyby(~enroll, ~stype, dstrat, svytotal, covmat = TRUE)
    table = dstrat.by("stype", "enroll", "total")
    assert [e.estimate for e in table.estimates] == pytest.approx(
        [1842584.341842651, 997128.525190353, 847464.665405273], rel=1e-13)
    assert table.vcov[0, 0] == pytest.approx(5268050128.79728, rel=1e-12)
    assert table.vcov[1, 1] == pytest.approx(4794093951.83253, rel=1e-12)
    assert table.vcov[0, 1] == pytest.approx(0.0, abs=1e-3)


def test_difference_of_domains(dclus1):
    # svycontrast(svyby(~api00, ~stype, dclus1, svymean, covmat=TRUE), c(E=1, H=-1, M=0))
    diff = dclus1.difference("api00", "stype", "E", "H")
    assert diff.estimate == pytest.approx(30.29662698413, rel=1e-11)
    assert diff.se == pytest.approx(30.02761, rel=1e-6)  # R printed 7 digits
    assert diff.se == pytest.approx((500.077331534932 + 1445.539361351529
                                     - 2 * 521.979779636953) ** 0.5, rel=1e-12)


@pytest.mark.parametrize(("design", "row", "expected"), [
    # x <- svychisq(~sch.wide + stype, d); c(x$statistic, x$parameter, x$p.value)
    ("dstrat", "sch.wide", (17.2474439638888, 1.82867150416358, 360.248286320226,
                            2.03504635946512e-07)),
    ("dclus1", "sch.wide", (5.1933695414748771, 1.4946397777074554, 20.9249568879043757,
                            0.0217474623707969)),
    ("dclus1", "comp.imp", (3.5450737230007574, 1.4293585726162970, 20.0110200166281587,
                            0.0613543866424007)),
])
def test_rao_scott_chisq(request, design, row, expected):
    res = request.getfixturevalue(design).chisq(row, "stype")
    assert (res.statistic, res.ndf, res.ddf, res.p_value) == pytest.approx(expected, rel=1e-10)


def test_quantiles_woodruff(dclus1, dstrat):
    # svyquantile(~api00, dclus1, 0.5, ci=TRUE): 652 [561, 714], se 35.6678826994527
    med = dclus1.quantile("api00", 0.5)
    assert (med.estimate, med.ci_low, med.ci_high) == (652, 561, 714)
    assert med.se == pytest.approx(35.6678826994527, rel=1e-12)
    # svyquantile(~api00, dstrat, 0.25, ci=TRUE): 565 [535, 597], se 15.7194511320391
    q = dstrat.quantile("api00", 0.25)
    assert (q.estimate, q.ci_low, q.ci_high) == (565, 535, 597)
    assert q.se == pytest.approx(15.7194511320391, rel=1e-12)


def test_trend_slopes(dclus1, dstrat):
    # g <- svyglm(I(sch.wide == "Yes") ~ ell, dclus1, family = quasibinomial)
    # c(coef(g)[2], SE(g)[2], g$df.residual): 0.0201921647212615 0.0132435004034949 13
    res = dclus1.trend("sch.wide", "ell", "Yes")
    assert res.logit_slope.estimate == pytest.approx(0.0201921647212615, rel=1e-9)
    assert res.logit_slope.se == pytest.approx(0.0132435004034949, rel=1e-7)  # glm eps 1e-8
    assert res.logit_slope.df == 13
    # svyglm(I(sch.wide == "Yes") ~ ell, dstrat): -0.000465769539109613 0.001304409915708982
    lin = dstrat.trend("sch.wide", "ell", "Yes").linear_slope
    assert (lin.estimate, lin.se) == pytest.approx((-0.000465769539109613,
                                                    0.001304409915708982), rel=1e-10)


def test_stratified_cluster_design(apistrat):
    # ds2 <- svydesign(id = ~dnum, strata = ~stype, weights = ~pw, data = apistrat, nest = TRUE)
    ds2 = SurveyDesign(apistrat, weights="pw", strata="stype", cluster="dnum")
    # svymean(~api00, ds2, deff = TRUE); degf(ds2)
    est = ds2.mean("api00")
    assert (est.estimate, est.se, est.deff, est.df) == pytest.approx(
        (662.28736315932076, 11.18963220792786, 1.70349768771053, 159), rel=1e-12)
    # svyciprop(~I(sch.wide == "Yes"), ds2, method = "beta")
    p = ds2.proportion("sch.wide", "Yes", method="beta")
    assert (p.ci_low, p.ci_high) == pytest.approx((0.763712874753086, 0.880718839870665),
                                                  rel=1e-10)
    # svychisq(~sch.wide + stype, ds2)
    x = ds2.chisq("sch.wide", "stype")
    assert (x.statistic, x.ndf, x.ddf, x.p_value) == pytest.approx(
        (15.0418808211190, 1.83423288522847, 291.643028751326, 1.44030483053132e-06), rel=1e-10)
