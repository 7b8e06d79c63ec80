"""Operations on the problem register. They flush; the request commits."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from surveyapp.db import db
from surveyapp.problems import evidence as sources
from surveyapp.problems.models import EvidenceKind, Problem, ProblemCause, ProblemEvidence

FIELDS = ("title", "description", "area_id", "place", "period_start", "period_end")


def all_problems() -> list[Problem]:
    """Every problem: prioritised first (high to low), then newest."""
    order = {"high": 0, "medium": 1, "low": 2}
    found = list(db.session.scalars(select(Problem).options(joinedload(Problem.area))
                                    .order_by(Problem.id.desc())))
    return sorted(found, key=lambda p: order.get(p.priority or "", 3))


def prioritised_problems() -> list[Problem]:
    """Problems a decision has prioritised (the ones an åtgärdsplan can address)."""
    return [p for p in all_problems() if p.is_prioritised]


def get_problem(problem_id: int) -> Problem | None:
    """The problem with this id."""
    return db.session.get(Problem, problem_id)


def save_problem(problem: Problem | None, values: dict[str, Any], today: date) -> Problem:
    """Create a problem or change its description, place and period."""
    if problem is None:
        problem = Problem(created_on=today)
        db.session.add(problem)
    for name in FIELDS:
        setattr(problem, name, values[name])
    db.session.flush()
    return problem


def add_cause(problem: Problem, values: dict[str, Any]) -> ProblemCause:
    """Add a cause found by the orsaksanalys."""
    cause = ProblemCause(factor=values["factor"], description=values["cause"])
    problem.causes.append(cause)
    db.session.flush()
    return cause


def set_priority(problem: Problem, values: dict[str, Any]) -> None:
    """Record the priority and the decision (body, reference, date) that set it."""
    problem.priority = values["priority"]
    problem.priority_decision = values["priority_decision"]
    problem.prioritised_on = values["prioritised_on"]
    db.session.flush()


def add_evidence(problem: Problem, values: dict[str, Any]) -> ProblemEvidence:
    """Link evidence with the source's figures of now; raises ``EvidenceError``."""
    kind = values["kind"]
    if kind == EvidenceKind.SURVEY_INDICATOR:
        label, details = sources.survey_indicator(problem, values["ref"])
        ref = None
    elif kind == EvidenceKind.PIN:
        label, details = sources.pin(problem, values["ref"])
        ref = values["ref"]
    elif kind == EvidenceKind.OBSERVATION:
        label, details = sources.observation(problem, values["ref"])
        ref = values["ref"]
    elif kind == EvidenceKind.INDICATOR_SERIES:
        label, details = sources.indicator_series(problem, values["ref"])
        ref = values["ref"]
    else:
        label, details = sources.partner_reports(problem)
        ref = None
    item = ProblemEvidence(kind=kind, ref_id=ref, label=label[:300], details=details,
                           note=values.get("note", ""))
    problem.evidence.append(item)
    db.session.flush()
    return item
