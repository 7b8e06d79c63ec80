"""What is estimated for each item: the measures shown by area on every output.

Every per-respondent value comes from :mod:`analysis.trygghet` (one definition of each figure:
``unsafe_flags``, ``index_scores``, ``choice_flags``); this module only says which applies.

* ``trygg_kvall`` — the NTU indicator (share unsafe out alone late in the evening, including
  those who never go out because they feel unsafe; "other reasons" and "don't know" are outside
  the denominator), exactly as :func:`analysis.unsafe_share`.
* ``problem_index`` / ``worry_index`` — 0–6 indices as :func:`analysis.problem_index` and
  :func:`analysis.worry_index` (mean over answered items per respondent, weighted mean).
* a single-choice question or grid row ``v`` — one share per answer code ``v=c``: the share who
  answered ``c`` among those who answered anything but "don't know" (code 9).
* a multi-choice question ``q`` — one share per code ``q_c``: share who chose ``c`` among those
  who answered the question.
* a number question — the weighted mean.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from flask_babel import gettext as _

from analysis.trygghet import (
    PROBLEM_SCORES,
    WORRY_SCORES,
    choice_flags,
    index_scores,
    unsafe_flags,
)
from questionnaires import Questionnaire
from surveyapp.results.data import analysis_variables

INDICATOR = "trygg_kvall"
DONT_KNOW = 9


@dataclass(frozen=True)
class Measure:
    """One statistic of one item: ``values(frame)`` gives y per row (NaN = not counted)."""

    key: str
    item: str
    kind: str  # "share" (a proportion) or "mean"
    label: str
    definition: str
    values: Callable[[pd.DataFrame], np.ndarray]

    @property
    def is_share(self) -> bool:
        """Whether the estimate is a proportion (shown in per cent)."""
        return self.kind == "share"


def _indicator_values(frame: pd.DataFrame) -> np.ndarray:
    return unsafe_flags(frame[INDICATOR])


def index_items(model: Questionnaire, prefix: str) -> list[str]:
    """The grid rows whose ids start with ``prefix`` (``oro_paverkan``, a single question on
    another scale, is not a worry item)."""
    return [row.id for q in model.questions() for row in q.rows if row.id.startswith(prefix)]


def _index_values(items: list[str], scores: Mapping[int, float]
                  ) -> Callable[[pd.DataFrame], np.ndarray]:
    return lambda frame: index_scores(frame, items, scores)


def _choice_values(variable: str, code: object) -> Callable[[pd.DataFrame], np.ndarray]:
    return lambda frame: choice_flags(frame[variable], code, (DONT_KNOW,))


def _column_values(column: str) -> Callable[[pd.DataFrame], np.ndarray]:
    return lambda frame: frame[column].to_numpy(dtype=float)


def indicator_measure(language: str = "sv") -> Measure:
    """The trygghet indicator."""
    return Measure(
        INDICATOR, INDICATOR, "share", _("Share who feel unsafe out alone late in the evening"),
        _("Share who feel rather or very unsafe out alone late in the evening in their area, "
          "or never go out because they feel unsafe; “never go out for other reasons” and "
          "“don't know” are not counted (as in Brå's NTU)."),
        _indicator_values)


def measures(model: Questionnaire, language: str = "sv") -> list[Measure]:
    """Every measure of the questionnaire, the indicator and the indices first."""
    variables = set(model.variables())
    out = [indicator_measure(language)] if INDICATOR in variables else []
    if index_items(model, "problem_"):
        out.append(Measure("problem_index", "problem_index", "mean", _("Problem index (0–6)"),
                           _("Mean over the answered problem items (big problem = 6, some "
                             "problem = 3, no problem = 0; don't know left out), weighted mean "
                             "over respondents."),
                           _index_values(index_items(model, "problem_"), PROBLEM_SCORES)))
    if index_items(model, "oro_"):
        out.append(Measure("worry_index", "worry_index", "mean", _("Worry index (0–6)"),
                           _("Mean over the answered worry items (very often = 6, rather often "
                             "= 4, rather seldom = 2, never = 0; don't know left out), weighted "
                             "mean over respondents."),
                           _index_values(index_items(model, "oro_"), WORRY_SCORES)))
    for column in analysis_variables(model):
        if column.name == INDICATOR:
            continue
        question = column.question
        if column.kind == "choice":
            title = (column.row.text(language) if column.row else "") or question.text(language)
            for choice in question.choices:
                if choice.code == DONT_KNOW:
                    continue
                out.append(Measure(
                    f"{column.name}={choice.code}", column.name, "share",
                    f"{title}: {choice.label(language)}",
                    _("Share who answered this among those who answered (don't know left "
                      "out)."), _choice_values(column.name, choice.code)))
        elif column.kind == "multi":
            assert column.choice is not None
            out.append(Measure(column.name, question.id, "share",
                               f"{question.text(language)}: {column.choice.label(language)}",
                               _("Share who chose this among those who answered the question."),
                               _column_values(column.name)))
        else:
            out.append(Measure(column.name, column.name, "mean", question.text(language),
                               _("Weighted mean of the answers."), _column_values(column.name)))
    return out


def find_measures(all_measures: list[Measure], item: str) -> list[Measure]:
    """The measures whose key or item is ``item``."""
    return [m for m in all_measures if item in (m.key, m.item)]
