"""The checklist of a walk summed up per parameter: how many stops scored it, the median and the
lowest score (1 = very poor, 5 = very good), so the protocol shows where the walk went worst."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

from surveyapp.walks.models import CHECKLIST, Observation


@dataclass(frozen=True)
class ParameterSummary:
    """One checklist parameter over the walk's stops that scored it."""

    parameter: str
    count: int
    median: float
    lowest: int
    lowest_numbers: tuple[int, ...]
    """Numbers of the observations with the lowest score (as on the protocol map)."""


def checklist_summary(observations: list[Observation]) -> list[ParameterSummary]:
    """Per parameter of :data:`CHECKLIST` scored at least once, in checklist order."""
    summaries = []
    for parameter in CHECKLIST:
        scored = [(item.scores[parameter], item.number) for item in observations
                  if item.scores and parameter in item.scores]
        if not scored:
            continue
        lowest = min(score for score, _number in scored)
        summaries.append(ParameterSummary(
            parameter=parameter, count=len(scored),
            median=float(median(score for score, _number in scored)), lowest=lowest,
            lowest_numbers=tuple(sorted(number for score, number in scored if score == lowest))))
    return summaries
