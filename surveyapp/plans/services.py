"""Operations on åtgärdsplaner. They flush; the request commits.

A plan is changed only while it is a draft: every change goes through :func:`check_draft`,
which raises :class:`PlanFrozen` for an approved plan. To change an approved plan, make a new
revision: a draft copy with the same items (and the same actions, whose status goes on).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from surveyapp.actions.models import Action, ActionStatus, ActionStatusChange
from surveyapp.db import db
from surveyapp.plans.models import ActionPlan, PlanItem


class PlanFrozen(Exception):
    """The plan is approved and cannot change; make a new revision."""


class PlanEmpty(Exception):
    """A plan without actions cannot be approved."""


def check_draft(plan: ActionPlan) -> None:
    """Raise :class:`PlanFrozen` unless the plan is a draft."""
    if plan.frozen:
        raise PlanFrozen


def all_plans() -> list[ActionPlan]:
    """Every plan revision, newest first."""
    return list(db.session.scalars(select(ActionPlan).order_by(
        ActionPlan.period_start.desc(), ActionPlan.revision.desc(), ActionPlan.id.desc())))


def get_plan(plan_id: int) -> ActionPlan | None:
    """The plan with this id."""
    return db.session.get(ActionPlan, plan_id)


def create_plan(values: dict[str, Any], today: date) -> ActionPlan:
    """A new draft plan."""
    plan = ActionPlan(title=values["title"], period_start=values["period_start"],
                      period_end=values["period_end"], created_on=today)
    db.session.add(plan)
    db.session.flush()
    return plan


def add_item(plan: ActionPlan, values: dict[str, Any], today: date,
             user_id: int | None) -> PlanItem:
    """Add an action for a prioritised problem to a draft plan (status *planned*)."""
    check_draft(plan)
    problem = values["problem"]
    action = Action(title=values["title"], organisation_id=values["organisation_id"],
                    status=ActionStatus.PLANNED, due=values["due"], area_id=problem.area_id,
                    updated_on=today, description=values["expected_effect"],
                    public_feedback="")
    action.history = [ActionStatusChange(status=ActionStatus.PLANNED, changed_on=today,
                                         comment=plan.title, user_id=user_id)]
    db.session.add(action)
    item = PlanItem(action=action, problem=problem, cause=values["cause"],
                    resources=values["resources"], expected_effect=values["expected_effect"],
                    indicator_series_id=values["series_id"],
                    indicator_note=values["indicator_note"])
    plan.items.append(item)
    db.session.flush()
    return item


def remove_item(plan: ActionPlan, item_id: int) -> None:
    """Take an item out of a draft plan (its action stays, with its history)."""
    check_draft(plan)
    plan.items = [item for item in plan.items if item.id != item_id]
    db.session.flush()


def approve(plan: ActionPlan, values: dict[str, Any]) -> None:
    """Approve and so freeze a draft plan with at least one action."""
    check_draft(plan)
    if not plan.items:
        raise PlanEmpty
    plan.approved_by = values["approved_by"]
    plan.approval_reference = values["approval_reference"]
    plan.approved_on = values["approved_on"]
    db.session.flush()


def latest_revision(plan: ActionPlan) -> ActionPlan:
    """The newest revision that descends from ``plan``."""
    current = plan
    while (later := db.session.scalar(
            select(ActionPlan).where(ActionPlan.previous_id == current.id))) is not None:
        current = later
    return current


def revise(plan: ActionPlan, today: date) -> ActionPlan:
    """A draft copy of an approved plan (or its newest draft revision, if there is one)."""
    newest = latest_revision(plan)
    if not newest.frozen:
        return newest
    draft = ActionPlan(title=newest.title, period_start=newest.period_start,
                       period_end=newest.period_end, revision=newest.revision + 1,
                       previous_id=newest.id, created_on=today)
    draft.items = [PlanItem(action_id=item.action_id, problem_id=item.problem_id,
                            cause_id=item.cause_id, resources=item.resources,
                            expected_effect=item.expected_effect,
                            indicator_series_id=item.indicator_series_id,
                            indicator_note=item.indicator_note) for item in newest.items]
    db.session.add(draft)
    db.session.flush()
    return draft


def save_evaluation(item: PlanItem, values: dict[str, Any]) -> None:
    """Record the follow-up: process and effect evaluation of an item (any revision)."""
    item.process_evaluation = values["process_evaluation"]
    item.effect_evaluation = values["effect_evaluation"]
    db.session.flush()
