"""Weighting and variance after weighting against R ``survey`` 4.1.1 (R 4.2.2).

Numbers printed by data/make_reference.R (see data/r_reference.txt); R code next to each.
"""

from __future__ import annotations

import numpy as np
import pytest

POP_TYPES = {"E": 4421, "H": 755, "M": 1018}
POP_SCHWIDE = {"No": 1072, "Yes": 5122}
GREG_TOTALS = {"stype": POP_TYPES, "api99": 3914069}


def pair(est):
    return est.estimate, est.se


def test_poststratify(dclus1):
    # dps <- postStratify(dclus1, ~stype, pop.types)
    # pop.types <- data.frame(stype = c("E", "H", "M"), Freq = c(4421, 755, 1018))
    dps = dclus1.poststratify("stype", POP_TYPES)
    # svymean(~api00, dps); svytotal(~enroll, dps)
    assert pair(dps.mean("api00")) == pytest.approx((642.3107882115821, 23.9204864450904),
                                                    rel=1e-12)
    assert pair(dps.total("enroll")) == pytest.approx((3680892.945119048, 406292.636294802),
                                                      rel=1e-12)
    assert dclus1.mean("api00").se == pytest.approx(23.54224069378104, rel=1e-12)  # unchanged


def test_rake(dclus1):
    # drk <- rake(dclus1, list(~stype, ~sch.wide), list(pop.types, pop.schwide),
    #             control = list(maxit = 200, epsilon = 1e-13))
    # pop.schwide <- data.frame(sch.wide = c("No", "Yes"), Freq = c(1072, 5122))
    drk = dclus1.rake({"stype": POP_TYPES, "sch.wide": POP_SCHWIDE})
    # head(weights(drk))
    assert drk.weights[:2] == pytest.approx([50.3294011160392, 29.8706754926847], rel=1e-9)
    # svymean(~api00, drk): R's rake() SE uses 10 backfitting sweeps, 23.7036168879225;
    # calibrate(dclus1, ~stype + sch.wide, c(6194, 755, 1018, 5122), calfun = "raking",
    #           epsilon = 1e-13) uses the exact residuals: 23.7036168879217 (same weights)
    est = drk.mean("api00")
    assert est.estimate == pytest.approx(641.2303209268200, rel=1e-12)
    assert est.se == pytest.approx(23.7036168879217, rel=1e-10)
    assert est.se == pytest.approx(23.7036168879225, rel=1e-10)
    # svytotal(~enroll, drc)
    assert pair(drk.total("enroll")) == pytest.approx((3647280.148065178, 400603.256862004),
                                                      rel=1e-10)


def test_calibrate_linear_greg(dclus1):
    # dg <- calibrate(dclus1, ~stype + api99, c(6194, 755, 1018, 3914069), epsilon = 1e-13)
    dg = dclus1.calibrate(GREG_TOTALS)
    assert pair(dg.mean("api00")) == pytest.approx((665.30907116577998, 3.44175311640481),
                                                   rel=1e-10)
    assert pair(dg.total("enroll")) == pytest.approx((3638487.204131880, 385524.427352479),
                                                     rel=1e-10)
    assert (dg.weights.min(), dg.weights.max()) == pytest.approx(
        (14.1680975228498, 62.0515251409797), rel=1e-12)
    assert dg.total("api99").estimate == pytest.approx(3914069, rel=1e-12)
    assert dg.total("api99").se == pytest.approx(0, abs=1e-3)


def test_calibrate_linear_bounded(dclus1):
    # calibrate(dclus1, ~stype + api99, pop, bounds = c(0.5, 1.7), epsilon = 1e-13)
    dgb = dclus1.calibrate(GREG_TOTALS, bounds=(0.5, 1.7))
    assert pair(dgb.mean("api00")) == pytest.approx((665.36334199595262, 3.43732918814433),
                                                    rel=1e-10)
    assert (dgb.weights.min(), dgb.weights.max()) == pytest.approx(
        (16.9234981536865, 57.5398937225342), rel=1e-12)


def test_calibrate_logit(dclus1):
    # calibrate(dclus1, ~stype + api99, pop, calfun = "logit", bounds = c(0.4, 1.9))
    dgl = dclus1.calibrate(GREG_TOTALS, method="logit", bounds=(0.4, 1.9))
    assert pair(dgl.mean("api00")) == pytest.approx((665.38243606455239, 3.42926791756987),
                                                    rel=1e-10)
    assert (dgl.weights.min(), dgl.weights.max()) == pytest.approx(
        (17.9813196243022, 59.5516260446248), rel=1e-11)


def test_calibrate_raking_continuous(dclus1):
    # calibrate(dclus1, ~stype + api99, pop, calfun = "raking", epsilon = 1e-13)
    dgr = dclus1.calibrate(GREG_TOTALS, method="raking")
    assert pair(dgr.mean("api00")) == pytest.approx((665.39379600015013, 3.43775353983483),
                                                    rel=1e-10)


def test_calibrate_with_population_size_equals_categorical(dclus1):
    by_size = dclus1.calibrate({"api99": 3914069}, population_size=6194)
    assert by_size.weights.sum() == pytest.approx(6194, rel=1e-12)
    assert by_size.total("api99").estimate == pytest.approx(3914069, rel=1e-12)


@pytest.mark.parametrize(("strict", "expected", "weight_range"), [
    # trimWeights(dg, upper = 36, lower = 31); svymean(~api00, .); range(weights(.))
    (False, (649.61373541915771, 4.81188469480187), (31.0, 37.5540169276764)),
    # trimWeights(dg, upper = 36, lower = 31, strict = TRUE)
    (True, (649.41912901763965, 4.82106263905396), (31.0924351136469, 36.0)),
])
def test_trim(dclus1, strict, expected, weight_range):
    dt = dclus1.calibrate(GREG_TOTALS).trim(lower=31, upper=36, strict=strict)
    assert pair(dt.mean("api00")) == pytest.approx(expected, rel=1e-10)
    assert (dt.weights.min(), dt.weights.max()) == pytest.approx(weight_range, rel=1e-11)
    assert dt.weights.sum() == pytest.approx(dclus1.calibrate(GREG_TOTALS).weights.sum())


def test_weighting_returns_new_design(dclus1):
    before = np.array(dclus1.weights)
    dclus1.rake({"stype": POP_TYPES, "sch.wide": POP_SCHWIDE})
    assert np.array_equal(dclus1.weights, before)


def test_poststratify_on_two_variables(dclus1):
    # pop2 <- data.frame(stype = c("E","E","H","H","M","M"),
    #                    sch.wide = c("No","Yes","No","Yes","No","Yes"),
    #                    Freq = c(500, 3921, 300, 455, 272, 746))
    # svymean(~api00, postStratify(dclus1, ~stype + sch.wide, pop2))
    pop = {("E", "No"): 500, ("E", "Yes"): 3921, ("H", "No"): 300, ("H", "Yes"): 455,
           ("M", "No"): 272, ("M", "Yes"): 746}
    dps = dclus1.poststratify(["stype", "sch.wide"], pop)
    assert pair(dps.mean("api00")) == pytest.approx((642.5708589964297, 23.0277553193496),
                                                    rel=1e-12)


def test_domains_after_calibration(dclus1):
    # b <- svyby(~api00, ~sch.wide, dg, svymean); coef(b); SE(b)   (dg: GREG design above)
    table = dclus1.calibrate(GREG_TOTALS).by("sch.wide", "api00")
    assert [pair(e) for e in table.estimates] == [
        pytest.approx((626.721780184336, 16.69436856762361), rel=1e-10),
        pytest.approx((671.581043023697, 4.46031458286185), rel=1e-10)]


def test_rake_with_unequal_weights_both_variance_forms(dstrat):
    # pop.comp <- data.frame(comp.imp = c("No", "Yes"), Freq = c(2500, 3694))
    margins = {"sch.wide": POP_SCHWIDE, "comp.imp": {"No": 2500, "Yes": 3694}}
    # calibrate(dstrat, ~sch.wide + comp.imp, c(6194, 5122, 3694), calfun = "raking",
    #           epsilon = 1e-13); svymean(~api00, .)
    greg = dstrat.rake(margins).mean("api00")
    assert pair(greg) == pytest.approx((661.72782126776224, 9.43747060718742), rel=1e-9)
    # rake(dstrat, list(~sch.wide, ~comp.imp), list(pop.schwide, pop.comp),
    #      control = list(maxit = 200, epsilon = 1e-13)); svymean(~api00, .)
    r_rake = dstrat.rake(margins, variance="r_rake").mean("api00")
    assert pair(r_rake) == pytest.approx((661.72782126776144, 9.45355732685407), rel=1e-9)
