"""Analysts and coordinators keep the problem register and its orsaksanalys."""

from __future__ import annotations

from datetime import date

from flask import abort, render_template, request, url_for
from flask_login import current_user

from surveyapp.actions.services import all_areas
from surveyapp.auth.audit import record
from surveyapp.auth.models import Role
from surveyapp.auth.permissions import role_required
from surveyapp.indicators.rates import SMALL_COUNT_LIMIT
from surveyapp.indicators.services import all_series
from surveyapp.prg import see_other
from surveyapp.problems import bp
from surveyapp.problems.evidence import EvidenceError
from surveyapp.problems.forms import read_cause, read_evidence, read_priority, read_problem
from surveyapp.problems.labels import (
    EVIDENCE_LABELS,
    FACTOR_LABELS,
    PRIORITY_LABELS,
    evidence_label,
    factor_label,
    priority_label,
)
from surveyapp.problems.models import Problem
from surveyapp.problems.services import (
    add_cause,
    add_evidence,
    all_problems,
    get_problem,
    save_problem,
    set_priority,
)
from surveyapp.walks.forms import FormResult

ROLES = (Role.ANALYST, Role.COORDINATOR)


def _labels() -> dict:
    return {"evidence_label": evidence_label, "factor_label": factor_label,
            "priority_label": priority_label, "kinds": list(EVIDENCE_LABELS),
            "factors": list(FACTOR_LABELS), "priorities": list(PRIORITY_LABELS),
            "small": SMALL_COUNT_LIMIT}


def _problem_or_404(problem_id: int) -> Problem:
    problem = get_problem(problem_id)
    if problem is None:
        abort(404)
    return problem


def _raw_of(problem: Problem) -> dict[str, str]:
    return {"title": problem.title, "description": problem.description,
            "area": str(problem.area_id or ""), "place": problem.place,
            "period_start": problem.period_start.isoformat(),
            "period_end": problem.period_end.isoformat()}


def _page(problem: Problem, status: int = 200, **results: FormResult):
    from surveyapp.results.services import campaigns

    forms = {name: results.get(name) or FormResult() for name in
             ("edit", "evidence", "cause", "priority")}
    if "edit" not in results:
        forms["edit"] = FormResult(raw=_raw_of(problem))
    if "priority" not in results:
        forms["priority"] = FormResult(raw={
            "priority": problem.priority or "", "priority_decision": problem.priority_decision,
            "prioritised_on": problem.prioritised_on.isoformat() if problem.prioritised_on
            else ""})
    html = render_template("problems/problem.html", problem=problem, forms=forms,
                           areas=all_areas(), campaigns=campaigns(), series=all_series(),
                           **_labels())
    return html, status


@bp.get("/staff/problems")
@role_required(*ROLES)
def index():
    """The problem register and the form for a new problem."""
    return render_template("problems/index.html", problems=all_problems(), areas=all_areas(),
                           result=FormResult(), **_labels())


@bp.post("/staff/problems")
@role_required(*ROLES)
def create():
    """Register a problem."""
    result = read_problem(request.form, {a.id for a in all_areas()})
    if not result.ok:
        html = render_template("problems/index.html", problems=all_problems(),
                               areas=all_areas(), result=result, **_labels())
        return html, 422
    problem = save_problem(None, result.values, date.today())
    record(current_user, "problem_created", f"problem {problem.id}")
    return see_other(url_for("problems.problem_page", problem_id=problem.id))


@bp.route("/staff/problems/<int:problem_id>", methods=["GET", "POST"])
@role_required(*ROLES)
def problem_page(problem_id: int):
    """A problem with its evidence, causes and priority; POST changes its description."""
    problem = _problem_or_404(problem_id)
    if request.method == "GET":
        return _page(problem)
    result = read_problem(request.form, {a.id for a in all_areas()})
    if not result.ok:
        return _page(problem, 422, edit=result)
    save_problem(problem, result.values, date.today())
    return see_other(url_for("problems.problem_page", problem_id=problem.id, saved=1))


@bp.post("/staff/problems/<int:problem_id>/evidence")
@role_required(*ROLES)
def evidence(problem_id: int):
    """Link evidence from one of the sources."""
    problem = _problem_or_404(problem_id)
    result = read_evidence(request.form)
    if result.ok:
        try:
            add_evidence(problem, result.values)
        except EvidenceError as error:
            result.errors["kind"] = str(error)
    if not result.ok:
        return _page(problem, 422, evidence=result)
    return see_other(url_for("problems.problem_page", problem_id=problem.id, saved=1))


@bp.post("/staff/problems/<int:problem_id>/causes")
@role_required(*ROLES)
def cause(problem_id: int):
    """Add a cause from the orsaksanalys."""
    problem = _problem_or_404(problem_id)
    result = read_cause(request.form)
    if not result.ok:
        return _page(problem, 422, cause=result)
    add_cause(problem, result.values)
    return see_other(url_for("problems.problem_page", problem_id=problem.id, saved=1))


@bp.post("/staff/problems/<int:problem_id>/priority")
@role_required(*ROLES)
def priority(problem_id: int):
    """Record the priority and the decision behind it."""
    problem = _problem_or_404(problem_id)
    result = read_priority(request.form)
    if not result.ok:
        return _page(problem, 422, priority=result)
    set_priority(problem, result.values)
    record(current_user, "problem_prioritised", f"problem {problem.id}: {problem.priority}")
    return see_other(url_for("problems.problem_page", problem_id=problem.id, saved=1))
