"""An åtgärdsplan for a period and its items: actions tied to prioritised problems and causes."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveyapp.actions.models import Action
from surveyapp.db import Model
from surveyapp.indicators.models import IndicatorSeries
from surveyapp.problems.models import Problem, ProblemCause


class ActionPlan(Model):
    """One revision of a plan; approved (body, reference, date) it is frozen."""

    __tablename__ = "action_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    revision: Mapped[int] = mapped_column(default=1)
    previous_id: Mapped[int | None] = mapped_column(
        ForeignKey("action_plan.id", ondelete="SET NULL"))
    approved_by: Mapped[str] = mapped_column(String(200), default="")
    approval_reference: Mapped[str] = mapped_column(String(100), default="")
    approved_on: Mapped[date | None] = mapped_column(Date)
    created_on: Mapped[date] = mapped_column(Date)

    items: Mapped[list[PlanItem]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanItem.id")

    @property
    def frozen(self) -> bool:
        """Whether the plan is approved and so can no longer change."""
        return self.approved_on is not None


class PlanItem(Model):
    """An action of the plan: the problem and cause it addresses, resources, expected effect
    and the indicator that will show it. The action carries the status and its history."""

    __tablename__ = "plan_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plan.id", ondelete="CASCADE"),
                                         index=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="RESTRICT"),
                                           index=True)
    problem_id: Mapped[int] = mapped_column(ForeignKey("problem.id", ondelete="RESTRICT"),
                                            index=True)
    cause_id: Mapped[int | None] = mapped_column(
        ForeignKey("problem_cause.id", ondelete="SET NULL"))
    resources: Mapped[str] = mapped_column(Text, default="")
    expected_effect: Mapped[str] = mapped_column(Text)
    indicator_series_id: Mapped[int | None] = mapped_column(
        ForeignKey("indicator_series.id", ondelete="SET NULL"))
    indicator_note: Mapped[str] = mapped_column(String(300), default="")
    process_evaluation: Mapped[str] = mapped_column(Text, default="", server_default="")
    effect_evaluation: Mapped[str] = mapped_column(Text, default="", server_default="")

    plan: Mapped[ActionPlan] = relationship(back_populates="items")
    action: Mapped[Action] = relationship()
    problem: Mapped[Problem] = relationship()
    cause: Mapped[ProblemCause | None] = relationship()
    indicator_series: Mapped[IndicatorSeries | None] = relationship()
