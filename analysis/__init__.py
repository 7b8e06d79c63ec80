"""Design-based survey analysis: designs, weighting, estimation, comparisons, indices."""

from analysis.design import SurveyDesign
from analysis.errors import AnalysisError, ConvergenceError, DesignError, WeightingError
from analysis.results import ChisqResult, DomainTable, Estimate, TrendResult
from analysis.suppression import DEFAULT_MIN_N, suppress
from analysis.trend import proportion_trend
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
    "worry_index",
]
