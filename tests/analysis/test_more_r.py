"""Methods added for issue 16 against R ``survey`` 4.1.1 (R 4.2.2), printed by
``data/make_reference.R`` into ``data/r_reference.txt`` (the R call is named at each value)."""

from __future__ import annotations

import pytest

REL = 1e-9


def close(value: float, expected: float, rel: float = REL) -> bool:
    return value == pytest.approx(expected, rel=rel, abs=0)


@pytest.mark.parametrize(("design", "method", "expected"), [
    # svyciprop(~I(sch.wide == "Yes"), d, method = m): coef, ci
    ("dstrat", "mean", (0.8279480114158234, 0.7799381809728808, 0.8759578418587660)),
    ("dclus1", "mean", (0.8743169398907104, 0.8306502041234680, 0.9179836756579527)),
    ("dstrat", "asin", (0.8279480114158234, 0.7774179082343196, 0.8731788341499026)),
    ("dclus1", "asin", (0.8743169398907104, 0.8275334533210862, 0.9146145718489066)),
    ("dstrat", "xlogit", (0.8279480114158234, 0.7745396547467682, 0.8708148549435987)),
    ("dclus1", "xlogit", (0.8743169398907104, 0.8237988923830017, 0.9119000770243931)),
])
def test_ciprop_methods(request, design, method, expected):
    est = request.getfixturevalue(design).proportion("sch.wide", "Yes", method=method)
    got = (est.estimate, est.ci_low, est.ci_high)
    for g, e in zip(got, expected, strict=True):
        assert close(g, e), (got, expected)


def test_deff_replace(dclus1, dstrat):
    # svymean(~api00, dclus1, deff = "replace"); svytotal(~enroll, dstrat, deff = "replace")
    assert close(dclus1.mean("api00", deff="replace").deff, 9.06974836245306)
    assert close(dstrat.total("enroll", deff="replace").deff, 3.50328806095534e-01)


@pytest.mark.parametrize(("stype", "expected"), [
    # svyciprop(~I(comp.imp == "Yes"), subset(postStratify(dclus1, ~stype, pop), stype == s),
    #           method = "beta"): coef, SE, ci, degf(sub), nrow(sub) = 183 (all rows kept)
    ("E", (0.7777777777777777, 0.0295442746656185, 0.7071996439267116, 0.8382638162908118,
           14)),
    ("H", (0.5, 0.115738431706624, 0.221067863175058, 0.778932136824942, 7)),
    ("M", (0.56, 0.132600292294220, 0.248533039859367, 0.839678531774327, 11)),
])
def test_korn_graubard_in_calibrated_domains(dclus1, stype, expected):
    pop = {"E": 4421.0, "H": 755.0, "M": 1018.0}
    table = dclus1.poststratify("stype", pop).by("stype", "comp.imp", "proportion",
                                                 value="Yes", method="beta")
    est = table[stype]
    got = (est.estimate, est.se, est.ci_low, est.ci_high, est.df)
    for g, e in zip(got, expected, strict=True):
        assert close(g, e, 1e-8), (got, expected)


@pytest.mark.parametrize(("design", "statistic", "expected"), [
    # svychisq(~comp.imp + stype, d, statistic = s): statistic, parameter(s), p.value
    ("dstrat", "Chisq", (2.08786945067997e01, 2.0, 2.89296354972033e-07)),
    ("dclus1", "Chisq", (9.0138736842105267, 2.0, 0.0288664943066557)),
    ("dstrat", "Wald", (1.54574356945937e01, 2.0, 197.0, 5.81187013079427e-07)),
    ("dclus1", "Wald", (3.7706315628647324, 2.0, 14.0, 0.0489776665583015)),
    ("dstrat", "adjWald", (1.53789715540120e01, 2.0, 196.0, 6.25128242153034e-07)),
    ("dclus1", "adjWald", (3.5013007369458231, 2.0, 13.0, 0.0607532695392714)),
    ("dstrat", "saddlepoint", (2.08786945067997e01, 2.52576340756686e-06)),
    ("dclus1", "saddlepoint", (9.013873684210527, 0.061074537181396)),
])
def test_chisq_statistics(request, design, statistic, expected):
    result = request.getfixturevalue(design).chisq("comp.imp", "stype", statistic)
    if statistic in ("Chisq", "saddlepoint"):
        got = ((result.statistic, result.ndf, result.p_value) if statistic == "Chisq"
               else (result.statistic, result.p_value))
    else:
        got = (result.statistic, result.ndf, result.ddf, result.p_value)
    for g, e in zip(got, expected, strict=True):
        assert close(g, e, 1e-8), (got, expected)


@pytest.mark.parametrize(("design", "q", "expected"), [
    # svyby(~api00, ~stype, d, svyquantile, quantiles = q, ci = TRUE, vartype = "ci")
    ("dclus1", 0.5, {"E": (652, 561, 717), "H": (608, 478, 724), "M": (642, 528, 720)}),
    ("dstrat", 0.25, {"E": (578, 534, 609), "H": (527, 477, 600), "M": (551, 505, 609)}),
])
def test_quantiles_by_domain(request, design, q, expected):
    table = request.getfixturevalue(design).quantile_by("stype", "api00", q)
    for key, values in expected.items():
        est = table[key]
        assert (est.estimate, est.ci_low, est.ci_high) == values, key
