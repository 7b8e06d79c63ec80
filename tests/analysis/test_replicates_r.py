"""Replicate-weight designs against R ``survey`` 4.1.1 (``show_rep`` in data/make_reference.R):
JK1 and JKn built here from the rule (R: ``as.svrepdesign``), bootstrap and BRR weights
exported by R (``boot_clus1.csv``, ``brr_pairs.csv``), Fay built from the BRR weights."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import SurveyDesign
from analysis.replicates import ReplicateDesign

DATA = Path(__file__).parent / "data"


def _check(rep: ReplicateDesign, expected: dict[str, tuple[float, ...]]) -> None:
    got = {
        "mean": (rep.mean("api00").estimate, rep.mean("api00").se),
        "total": (rep.total("enroll").estimate, rep.total("enroll").se),
        "prop": (rep.proportion("sch.wide", "Yes").estimate,
                 rep.proportion("sch.wide", "Yes").se),
        "by": tuple(e.estimate for e in rep.by("stype", "api00").estimates)
        + tuple(e.se for e in rep.by("stype", "api00").estimates),
        "diff": (rep.difference("api00", "stype", "E", "H").estimate,
                 rep.difference("api00", "stype", "E", "H").se),
    }
    for key, values in expected.items():
        assert got[key] == pytest.approx(values, rel=1e-8), (key, got[key], values)


def test_jk1_cluster(apiclus1):
    rep = ReplicateDesign.from_design(
        SurveyDesign(apiclus1, weights="pw", cluster="dnum", fpc="fpc"), "JK1")
    _check(rep, {"mean": (644.1693989071039, 26.3293605895276),
                 "total": (3404940.134529114, 932235.027041215),
                 "prop": (0.8743169398907104, 0.0205560142539666),
                 "by": (648.8680555555555, 618.5714285714286, 631.4400000000001,
                        25.3743035523982, 46.3441217451860, 33.6876199986314),
                 "diff": (30.2966269841270, 37.6075156699006)})


def test_jkn_stratified(apistrat):
    rep = ReplicateDesign.from_design(
        SurveyDesign(apistrat, weights="pw", strata="stype", fpc="fpc"), "JKn")
    _check(rep, {"mean": (662.28736315932076, 9.40894080278461),
                 "total": (3687177.53243828, 114641.71610078),
                 "prop": (0.8279480114158234, 0.0243447801130748),
                 "by": (674.43, 625.82, 636.6, 12.3824797939073, 14.9371291853930,
                        16.2147073081845),
                 "diff": (48.6099999999999, 19.4021553995333)})


def test_bootstrap(apiclus1):
    weights = pd.read_csv(DATA / "boot_clus1.csv").to_numpy()
    rep = ReplicateDesign(apiclus1, "pw", weights, "bootstrap")
    _check(rep, {"mean": (644.1693989071039, 28.1074018701157),
                 "total": (3404940.134529114, 805391.943216449),
                 "prop": (0.8743169398907104, 0.0328595025212285),
                 "by": (648.8680555555555, 618.5714285714286, 631.4400000000001,
                        27.2298692283201, 36.7656290168045, 37.6294629960799),
                 "diff": (30.2966269841270, 31.9084086575265)})


@pytest.fixture
def pairs(apiclus1) -> tuple[pd.DataFrame, np.ndarray]:
    brr = pd.read_csv(DATA / "brr_pairs.csv")
    data = apiclus1[apiclus1["dnum"].isin(brr["dnum"].unique())].reset_index(drop=True)
    assert (data["dnum"].to_numpy() == brr["dnum"].to_numpy()).all()
    return data, brr.drop(columns=["dnum", "pair"]).to_numpy()


def test_brr(pairs):
    data, weights = pairs
    _check(ReplicateDesign(data, "pw", weights, "BRR"),
           {"mean": (644.6368715083798, 22.1783513481258),
            "total": (3349397.213588715, 999350.455141993),
            "prop": (0.8826815642458100, 0.0224114164478737),
            "by": (649.7957746478874, 612.6153846153846, 631.4583333333334,
                   22.9837798425433, 41.4148775563160, 25.6124668975806),
            "diff": (37.1803900325027, 32.5645180394707)})


def test_fay(pairs):
    data, brr = pairs
    w = data["pw"].to_numpy()[:, None]
    fay = np.where(brr > 0, w * (2 - 0.3), w * 0.3)  # Fay's factors 2 − ρ and ρ
    _check(ReplicateDesign(data, "pw", fay, "Fay", rho=0.3),
           {"mean": (644.6368715083798, 21.2646176149701),
            "total": (3349397.213588715, 999350.455141993),
            "prop": (0.8826815642458100, 0.0213992065952037),
            "by": (649.7957746478874, 612.6153846153846, 631.4583333333334,
                   21.3717760323122, 40.6424595629860, 24.9498448783471)})


def test_jackknife_by_explicit_loops(apistrat):
    # brute force: recompute the mean with each replicate's weights by a loop over PSUs
    design = SurveyDesign(apistrat, weights="pw", strata="stype")
    rep = ReplicateDesign.from_design(design, "JKn")
    y, w, h = apistrat["api00"].to_numpy(), apistrat["pw"].to_numpy(), apistrat["stype"]
    total = 0.0
    for stratum in sorted(h.unique()):
        rows = np.flatnonzero(h == stratum)
        n = rows.size
        thetas = []
        for drop in rows:
            ww = w.copy()
            ww[rows] *= n / (n - 1)
            ww[drop] = 0.0
            thetas.append(np.sum(ww * y) / np.sum(ww))
        thetas = np.array(thetas)
        total += (n - 1) / n * np.sum((thetas - thetas.mean()) ** 2)
    assert rep.mean("api00").se == pytest.approx(np.sqrt(total), rel=1e-12)
