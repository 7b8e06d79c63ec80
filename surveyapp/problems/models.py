"""A problem in a place and period, the evidence that shows it, its causes and its priority."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveyapp.db import Model
from surveyapp.geo.models import Area


class EvidenceKind(StrEnum):
    """Where a piece of evidence comes from."""

    SURVEY_INDICATOR = "survey_indicator"
    PIN = "pin"
    OBSERVATION = "observation"
    INDICATOR_SERIES = "indicator_series"
    PARTNER_REPORTS = "partner_reports"


class CauseFactor(StrEnum):
    """The side of the crime triangle (problem analysis triangle) or the situational factor a
    cause belongs to."""

    OFFENDER = "offender"
    TARGET = "target"
    PLACE = "place"
    HANDLER = "handler"
    GUARDIAN = "guardian"
    MANAGER = "manager"
    SITUATION = "situation"


class Priority(StrEnum):
    """How urgent the problem is, as decided."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Problem(Model):
    """A problem in the register: what, where, when, and the decision that prioritised it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    area_id: Mapped[int | None] = mapped_column(
        ForeignKey("area.id", ondelete="SET NULL"), index=True)
    place: Mapped[str] = mapped_column(String(300), default="")
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    priority: Mapped[str | None] = mapped_column(String(8))
    priority_decision: Mapped[str] = mapped_column(String(300), default="")
    prioritised_on: Mapped[date | None] = mapped_column(Date)
    created_on: Mapped[date] = mapped_column(Date)

    area: Mapped[Area | None] = relationship()
    evidence: Mapped[list[ProblemEvidence]] = relationship(
        back_populates="problem", cascade="all, delete-orphan", order_by="ProblemEvidence.id")
    causes: Mapped[list[ProblemCause]] = relationship(
        back_populates="problem", cascade="all, delete-orphan", order_by="ProblemCause.id")

    @property
    def is_prioritised(self) -> bool:
        """Whether a decision has given the problem a priority."""
        return self.priority is not None and self.prioritised_on is not None


class ProblemEvidence(Model):
    """One source that shows the problem, with the figures as they were when it was linked."""

    __tablename__ = "problem_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    problem_id: Mapped[int] = mapped_column(ForeignKey("problem.id", ondelete="CASCADE"),
                                            index=True)
    kind: Mapped[str] = mapped_column(String(32))
    ref_id: Mapped[int | None]
    label: Mapped[str] = mapped_column(String(300))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    note: Mapped[str] = mapped_column(Text, default="")

    problem: Mapped[Problem] = relationship(back_populates="evidence")


class ProblemCause(Model):
    """One cause found by the orsaksanalys."""

    __tablename__ = "problem_cause"

    id: Mapped[int] = mapped_column(primary_key=True)
    problem_id: Mapped[int] = mapped_column(ForeignKey("problem.id", ondelete="CASCADE"),
                                            index=True)
    factor: Mapped[str] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(Text)

    problem: Mapped[Problem] = relationship(back_populates="causes")
