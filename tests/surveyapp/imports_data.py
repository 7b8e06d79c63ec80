"""Test data for the import tests: valid wide response files made from the demo's synthetic
answers, in the layout of the app's own export (area, sex, age_group, one column per variable,
0/1 columns per choice of a multiple-choice question, a weight)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from questionnaires import Questionnaire
from surveyapp.results.data import analysis_variables
from surveyapp.results.demo import synthetic_answers

AREA_CODES = ["0682R001", "0682R002", "0682R003", "0682R004", "0682R005"]


def wide_frame(model: Questionnaire, n: int, seed: int = 7,
               areas: list[str] | None = None) -> pd.DataFrame:
    """``n`` valid responses as a frame: strata, every analysis column and a weight ``vikt``."""
    areas = areas or AREA_CODES
    rng = np.random.default_rng(seed)
    index = rng.integers(0, len(areas), n)
    answers = synthetic_answers(model, index, rng)
    frame = pd.DataFrame({
        "area": [areas[i] for i in index],
        "sex": rng.choice(["f", "m", "x"], n).tolist(),
        "age_group": rng.choice(["16-24", "25-44", "45-64", "65-84"], n).tolist(),
    })
    for column in analysis_variables(model):
        values = column.values(answers)
        frame[column.name] = (np.array(values, dtype=float) if column.numeric
                              else pd.Series(values, dtype=object))
    frame["vikt"] = np.round(rng.uniform(0.5, 3.0, n), 3)
    return frame


def selected_fields(html: str) -> dict[str, str]:
    """What a browser posts for the ``<select>`` fields of a page: each one's selected option
    (the first option when none is marked)."""
    fields = {}
    for name, body in re.findall(r'<select id="[^"]*" name="([^"]+)"[^>]*>(.*?)</select>', html,
                                 re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', body)
        first = re.search(r'<option value="([^"]*)"', body)
        fields[name] = chosen.group(1) if chosen else (first.group(1) if first else "")
    return fields
