"""Design-based survey analysis: designs, weighting, estimation, comparisons, indices.

Close to R's ``survey`` package so that figures can be checked against it::

    design = SurveyDesign(frame, weights="w", strata="stratum", cluster="psu", fpc="N")
    raked = design.rake({"age_group": age_totals, "sex": sex_totals, "area": area_totals})
    raked.proportion("trygg_kvall", 4, method="beta")      # Estimate(estimate, se, ci, df, deff, n)
    table = raked.by("area", "y", "mean")                   # DomainTable with .vcov
    raked.difference("y", "area", "A", "B")                 # SE from the joint covariance
    raked.chisq("sex", "worried")                           # Rao–Scott F (svychisq default)
    unsafe_share(raked, by="area")                           # NTU indicator, suppressed if n < 30

Conventions: Taylor linearisation with fpc; design df = PSUs − strata (per domain for domain
estimates); mean/total CIs use t with the design df (``confint(..., df = degf(design))``);
proportion CIs follow ``svyciprop`` (logit, likelihood, beta, mean, asin, xlogit; Korn–Graubard
with R's ``nrow`` rule, all rows in a calibrated design's domains); weighting keeps the auxiliary
model so variances use g-weighted residuals. An interval that cannot be estimated (df ≤ 0, SE = 0)
is NaN, never zero-width. Replicate-weight designs: :class:`ReplicateDesign`. Inconsistent
inputs raise :class:`AnalysisError` subclasses.
"""

from analysis.design import SurveyDesign
from analysis.errors import AnalysisError, ConvergenceError, DesignError, WeightingError
from analysis.replicates import ReplicateDesign
from analysis.results import ChisqResult, DomainTable, Estimate, TrendResult
from analysis.suppression import DEFAULT_MIN_N, suppress
from analysis.trend import proportion_trend, waves_trend
from analysis.trygghet import problem_index, unsafe_share, worry_index
from analysis.weighting import calibrate, poststratify, rake, trim

__all__ = [
    "DEFAULT_MIN_N",
    "AnalysisError",
    "ChisqResult",
    "ConvergenceError",
    "DesignError",
    "DomainTable",
    "Estimate",
    "ReplicateDesign",
    "SurveyDesign",
    "TrendResult",
    "WeightingError",
    "calibrate",
    "poststratify",
    "problem_index",
    "proportion_trend",
    "rake",
    "suppress",
    "trim",
    "unsafe_share",
    "waves_trend",
    "worry_index",
]
