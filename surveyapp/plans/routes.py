"""Coordinators draw up åtgärdsplaner, record their approval and revise them."""

from __future__ import annotations

from datetime import date

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from surveyapp.actions.labels import status_label
from surveyapp.auth.audit import record
from surveyapp.auth.models import Role
from surveyapp.auth.permissions import role_required
from surveyapp.indicators.rates import SMALL_COUNT_LIMIT
from surveyapp.indicators.services import all_series
from surveyapp.organisations.services import all_organisations
from surveyapp.plans import bp
from surveyapp.plans.followup import series_change, survey_change
from surveyapp.plans.forms import read_approval, read_evaluation, read_item, read_plan
from surveyapp.plans.models import ActionPlan, PlanItem
from surveyapp.plans.services import (
    PlanEmpty,
    PlanFrozen,
    add_item,
    all_plans,
    approve,
    create_plan,
    get_plan,
    remove_item,
    revise,
    save_evaluation,
)
from surveyapp.prg import see_other
from surveyapp.problems.labels import factor_label, priority_label
from surveyapp.problems.services import prioritised_problems
from surveyapp.walks.forms import FormResult

ROLES = (Role.COORDINATOR, Role.ANALYST)


def _plan_or_404(plan_id: int) -> ActionPlan:
    plan = get_plan(plan_id)
    if plan is None:
        abort(404)
    return plan


def _page(plan: ActionPlan, status: int = 200, item: FormResult | None = None,
          approval: FormResult | None = None, refusal: str = ""):
    html = render_template(
        "plans/plan.html", plan=plan, item=item or FormResult(),
        approval=approval or FormResult(), refusal=refusal,
        problems=prioritised_problems(), organisations=all_organisations(),
        series=all_series(), status_label=status_label, factor_label=factor_label,
        priority_label=priority_label)
    return html, status


def _frozen(plan: ActionPlan):
    return _page(plan, 409, refusal=_(
        "This plan was approved by %(body)s (%(reference)s) on %(day)s and is frozen. Make a "
        "new revision to change it.", body=plan.approved_by,
        reference=plan.approval_reference,
        day=plan.approved_on.isoformat() if plan.approved_on else ""))


@bp.get("/staff/plans")
@role_required(*ROLES)
def index():
    """Every plan revision and the form for a new plan."""
    return render_template("plans/index.html", plans=all_plans(), result=FormResult())


@bp.post("/staff/plans")
@role_required(*ROLES)
def create():
    """Start a draft plan for a period."""
    result = read_plan(request.form)
    if not result.ok:
        return render_template("plans/index.html", plans=all_plans(), result=result), 422
    plan = create_plan(result.values, date.today())
    return see_other(url_for("plans.plan_page", plan_id=plan.id))


@bp.get("/staff/plans/<int:plan_id>")
@role_required(*ROLES)
def plan_page(plan_id: int):
    """A plan with its actions, their status, and (while a draft) the forms to change it."""
    return _page(_plan_or_404(plan_id))


@bp.post("/staff/plans/<int:plan_id>/items")
@role_required(*ROLES)
def item(plan_id: int):
    """Add an action for a prioritised problem (refused once the plan is approved)."""
    plan = _plan_or_404(plan_id)
    if plan.frozen:
        return _frozen(plan)
    result = read_item(request.form, prioritised_problems(),
                       {o.id for o in all_organisations()}, {s.id for s in all_series()})
    if not result.ok:
        return _page(plan, 422, item=result)
    added = add_item(plan, result.values, date.today(), current_user.id)
    record(current_user, "plan_item_added", f"plan {plan.id}: action {added.action_id}")
    return see_other(url_for("plans.plan_page", plan_id=plan.id, saved=1))


@bp.post("/staff/plans/<int:plan_id>/items/<int:item_id>/remove")
@role_required(*ROLES)
def remove(plan_id: int, item_id: int):
    """Take an action out of a draft plan."""
    plan = _plan_or_404(plan_id)
    try:
        remove_item(plan, item_id)
    except PlanFrozen:
        return _frozen(plan)
    return see_other(url_for("plans.plan_page", plan_id=plan.id, saved=1))


@bp.post("/staff/plans/<int:plan_id>/approve")
@role_required(*ROLES)
def approval(plan_id: int):
    """Record the approval (body, reference, date): the plan is frozen from then on."""
    plan = _plan_or_404(plan_id)
    if plan.frozen:
        return _frozen(plan)
    result = read_approval(request.form)
    if result.ok:
        try:
            approve(plan, result.values)
        except PlanEmpty:
            result.errors["approved_by"] = _("A plan without actions cannot be approved.")
    if not result.ok:
        return _page(plan, 422, approval=result)
    record(current_user, "plan_approved", f"plan {plan.id}: {plan.approved_by} "
                                          f"{plan.approval_reference}")
    return see_other(url_for("plans.plan_page", plan_id=plan.id, saved=1))


@bp.post("/staff/plans/<int:plan_id>/revise")
@role_required(*ROLES)
def revision(plan_id: int):
    """A new draft revision of an approved plan."""
    draft = revise(_plan_or_404(plan_id), date.today())
    return see_other(url_for("plans.plan_page", plan_id=draft.id))


def _item_or_404(plan: ActionPlan, item_id: int) -> PlanItem:
    found = next((i for i in plan.items if i.id == item_id), None)
    if found is None:
        abort(404)
    return found


@bp.route("/staff/plans/<int:plan_id>/items/<int:item_id>/follow-up", methods=["GET", "POST"])
@role_required(*ROLES)
def follow_up(plan_id: int, item_id: int):
    """The item's status history and its indicator before and after; POST saves the process
    and effect evaluation (follow-up is written after approval, so frozen plans take it)."""
    from surveyapp.results.services import campaigns, find_campaign
    from surveyapp.results.weighting import WeightingProblem

    plan = _plan_or_404(plan_id)
    item_ = _item_or_404(plan, item_id)
    error = ""
    status = 200
    if request.method == "POST":
        result = read_evaluation(request.form)
        if result.ok:
            save_evaluation(item_, result.values)
            return see_other(url_for("plans.follow_up", plan_id=plan.id, item_id=item_.id,
                                     saved=1))
        error, status = " ".join(result.errors.values()), 422
    area = item_.problem.area
    survey = None
    before, after = (find_campaign(request.args.get(name, "")) for name in ("before", "after"))
    if before is not None and after is not None and area is not None:
        try:
            survey = survey_change(area.code, before, after)
        except WeightingProblem as problem:
            error = str(problem)
    series = (series_change(item_.indicator_series, area.id, plan.period_start, plan.period_end)
              if item_.indicator_series is not None and area is not None else None)
    html = render_template(
        "plans/follow_up.html", plan=plan, item=item_, survey=survey, series=series,
        campaigns=campaigns(), before=before, after=after, error=error,
        status_label=status_label, small=SMALL_COUNT_LIMIT,
        raw={"process_evaluation": request.form.get("process_evaluation",
                                                    item_.process_evaluation),
             "effect_evaluation": request.form.get("effect_evaluation",
                                                   item_.effect_evaluation)})
    return html, status
