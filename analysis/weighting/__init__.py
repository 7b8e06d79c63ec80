"""Weighting: post-stratification, raking, calibration (GREG) and trimming.

Each function returns a **new** :class:`~analysis.SurveyDesign`. Calibration-type methods record
their auxiliary model on the design, so that later variance estimates use g-weighted regression
residuals, as R's ``survey`` package does.
"""

from analysis.weighting.calibrate import calibrate
from analysis.weighting.collapse import CollapsedCell, collapse_cells
from analysis.weighting.poststratify import poststratify
from analysis.weighting.rake import rake
from analysis.weighting.trim import trim

__all__ = ["CollapsedCell", "calibrate", "collapse_cells", "poststratify", "rake", "trim"]
