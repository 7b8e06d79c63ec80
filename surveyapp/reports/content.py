"""Gather the report of a period into a :class:`ReportDocument`.

The survey indicator comes from the campaigns of the period's year through
:func:`surveyapp.results.lagesbild.indicator_by_area` (no statistics are computed here); pins,
walk observations and partner reports are those of the period, with the previous period beside
them; indicator series are summed over the period's months with rates per 100 000; problems and
plans are those whose period overlaps the report's.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from surveyapp import numbers
from surveyapp.db import db
from surveyapp.geo.models import Area
from surveyapp.indicators.rates import population_for, population_totals, shown_value
from surveyapp.indicators.services import all_series, period_totals
from surveyapp.partners.labels import event_label, time_label
from surveyapp.plans.models import ActionPlan
from surveyapp.problems.labels import factor_label, priority_label
from surveyapp.problems.models import Problem
from surveyapp.reports import sources
from surveyapp.reports.document import (
    Figure,
    ReportDocument,
    Section,
    Table,
    count_table,
    small_text,
)
from surveyapp.reports.figures import indicator_figures, series_figure
from surveyapp.reports.periods import Period
from surveyapp.results.charts import fmt
from surveyapp.results.lagesbild import indicator_by_area
from surveyapp.results.services import min_n
from surveyapp.results.weighting import WeightingProblem
from surveyapp.surveys.models import Campaign


def build_report(period: Period, language: str) -> ReportDocument:
    """The whole report of ``period`` in ``language``."""
    document = ReportDocument(period.title(), period.label())
    previous = period.previous()
    document.sections += [
        survey_section(period, language), places_section(period, previous),
        partner_section(period, previous), indicator_section(period),
        problem_section(period), plan_section(period)]
    return document


def survey_section(period: Period, language: str) -> Section:
    """The survey indicator of each campaign of the period's year, by area."""
    section = Section(_("Measured safety: the survey"))
    campaigns = db.session.scalars(select(Campaign).where(Campaign.year == period.year)
                                   .order_by(Campaign.opens))
    for campaign in campaigns:
        try:
            indicator = indicator_by_area(campaign, language)
        except WeightingProblem as problem:
            section.paragraphs.append(_("%(campaign)s: the answers cannot be weighted "
                                        "(%(reason)s).", campaign=campaign.name,
                                        reason=str(problem)))
            continue
        percent = indicator.measure.is_share
        table = Table(f"{campaign.name}: {indicator.measure.label}",
                      [_("Area"), _("Estimate"), _("95 per cent confidence interval"),
                       _("Answers (n)")])
        for row in indicator.rows:
            name = row["name"] or _("Whole municipality")
            if row["suppressed"]:
                shown = [_("Too few answers (fewer than %(n)s)", n=min_n()), "–"]
            else:
                shown = [fmt(row["estimate"], percent),
                         f"{fmt(row['ci_low'], percent)} – {fmt(row['ci_high'], percent)}"]
            table.rows.append([name, *shown, str(row["n"])])
        section.tables.append(table)
        section.figures += indicator_figures(
            campaign.name, indicator, campaign.areas,
            sources.pin_points(period, [a.id for a in campaign.areas]))
    if not section.tables and not section.paragraphs:
        section.paragraphs.append(_("No survey campaign in %(year)s.", year=period.year))
    return section


def places_section(period: Period, previous: Period) -> Section:
    """Approved pins and walk observations of the period by area."""
    section = Section(_("Places: the dialogue map and safety walks"))
    section.tables.append(count_table(_("Approved pins by area"), _("Area"),
                                      sources.pins_by_area(period),
                                      sources.pins_by_area(previous)))
    section.tables.append(count_table(_("Safety walk observations by area"), _("Area"),
                                      sources.observations_by_area(period),
                                      sources.observations_by_area(previous)))
    return section


def partner_section(period: Period, previous: Period) -> Section:
    """Partner reports of the period: events by category, time of day and area."""
    now, before = sources.partner_summary(period), sources.partner_summary(previous)
    section = Section(_("Partner reports"), [_("%(reports)s reports in the period.",
                                               reports=now.reports)])
    section.tables += [
        count_table(_("Events by category"), _("Category"), now.by_category,
                    before.by_category, event_label),
        count_table(_("Events by time of day"), _("Time of day"), now.by_time, before.by_time,
                    time_label),
        count_table(_("Events by area"), _("Area"), now.by_area, before.by_area)]
    section.paragraphs += [f"{r.organisation.name}, {r.area.name}: {r.note}" for r in now.notes]
    return section


def indicator_section(period: Period) -> Section:
    """Each indicator series summed over the period's months, by area, with its rate."""
    section = Section(_("Indicators from other sources"))
    totals = population_totals()
    names = db.session.execute(select(Area.id, Area.name).order_by(Area.name)).all()
    for series in all_series():
        table = Table(f"{series.name} ({series.source}): {series.definition}",
                      [_("Area"), _("Value"), _("Per 100 000 inhabitants")])
        bars: list[tuple[str, float | None, float | None]] = []
        sums = period_totals(series, period.first_month, period.last_month)
        for area_id, name in names:
            if area_id not in sums:
                continue
            total, periods = sums[area_id]
            population, year = population_for(totals, area_id, period.first_month)
            value = total if series.is_count else total / periods
            shown = shown_value(value, series.is_count, population, year)
            table.rows.append([
                name, small_text() if shown.suppressed else numbers.decimal(
                    shown.value, 0 if series.is_count else 2),
                "–" if shown.rate is None else numbers.decimal(shown.rate, 1)])
            bars.append((name, shown.rate, shown.value))
        if table.rows:
            section.tables.append(table)
            section.figures.append(_series_figure(table.caption, bars))
    if not section.tables:
        section.paragraphs.append(_("No indicator values in the period."))
    return section


def _series_figure(caption: str, bars: list[tuple[str, float | None, float | None]]) -> Figure:
    """Bars of the rates when every shown value has one, else of the values."""
    rates = all(rate is not None for _name, rate, value in bars if value is not None)
    return series_figure(caption, [(name, rate if rates else value)
                                   for name, rate, value in bars], rates)


def problem_section(period: Period) -> Section:
    """Problems of the period with their priority and causes (orsaksanalys)."""
    section = Section(_("Problems and their causes"))
    found = db.session.scalars(select(Problem).where(
        Problem.period_start <= period.last, Problem.period_end >= period.first)
        .order_by(Problem.id))
    table = Table(_("Problems of the period"), [_("Problem"), _("Area"), _("Priority"),
                                                _("Causes")])
    for problem in found:
        causes = "; ".join(f"{factor_label(c.factor)}: {c.description}"
                           for c in problem.causes)
        table.rows.append([problem.title, problem.area.name if problem.area else "",
                           priority_label(problem.priority), causes or "–"])
    section.tables.append(table)
    return section


def plan_section(period: Period) -> Section:
    """Action plans of the period with their approval and the status of each action."""
    from surveyapp.actions.labels import status_label

    section = Section(_("Action plans"))
    plans = db.session.scalars(select(ActionPlan).where(
        ActionPlan.period_start <= period.last, ActionPlan.period_end >= period.first)
        .order_by(ActionPlan.period_start, ActionPlan.revision))
    for plan in plans:
        if plan.approved_on:
            state = _("approved by %(body)s %(reference)s on %(day)s", body=plan.approved_by,
                      reference=plan.approval_reference, day=plan.approved_on.isoformat())
        else:
            state = _("draft")
        table = Table(_("%(title)s, revision %(revision)s (%(state)s)", title=plan.title,
                        revision=plan.revision, state=state),
                      [_("Action"), _("Problem"), _("Responsible"), _("Status"),
                       _("Expected effect")])
        for item in plan.items:
            table.rows.append([item.action.title, item.problem.title,
                               item.action.organisation.name, status_label(item.action.status),
                               item.expected_effect])
        section.tables.append(table)
    if not section.tables:
        section.paragraphs.append(_("No action plan for the period."))
    return section
