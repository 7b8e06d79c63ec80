"""Design-based survey analysis: designs, weighting, estimation, comparisons, indices."""

from analysis.design import SurveyDesign
from analysis.errors import AnalysisError, ConvergenceError, DesignError, WeightingError
from analysis.results import ChisqResult, DomainTable, Estimate, TrendResult

__all__ = [
    "AnalysisError",
    "ChisqResult",
    "ConvergenceError",
    "DesignError",
    "DomainTable",
    "Estimate",
    "SurveyDesign",
    "TrendResult",
    "WeightingError",
]
