"""The figures a piece of evidence shows, taken from its source when it is linked.

Each function checks the reference and returns ``(label, details)``; the details are stored
with the link, so the problem keeps showing what the analyst saw when deciding, even after a
later import or moderation. Suppression applies as in every other output: a survey cell under
``RESULTS_MIN_N`` has no estimate, a count of 1–4 is "fewer than 5".
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from surveyapp.db import db
from surveyapp.dialogue.models import Pin, PinStatus
from surveyapp.indicators.rates import population_for, population_totals, shown_value
from surveyapp.indicators.services import get_series, period_total
from surveyapp.partners.services import reports_between, summarise
from surveyapp.problems.models import Problem
from surveyapp.walks.models import Observation


class EvidenceError(ValueError):
    """The reference cannot be linked; the message says why (translated)."""


Details = tuple[str, dict[str, Any]]


def survey_indicator(problem: Problem, slug: str) -> Details:
    """The trygghet indicator of the problem's area in a campaign, with its 95 % CI."""
    from surveyapp.results.measures import INDICATOR, indicator_measure
    from surveyapp.results.services import find_campaign, load_wave, min_n
    from surveyapp.results.tables import measure_table
    from surveyapp.results.weighting import WeightingProblem

    campaign = find_campaign(slug)
    if campaign is None:
        raise EvidenceError(_("Choose a campaign from the list."))
    if problem.area is None:
        raise EvidenceError(_("Give the problem an area first: the indicator is per area."))
    try:
        wave = load_wave(campaign, [INDICATOR])
    except WeightingProblem as error:
        raise EvidenceError(str(error)) from error
    measure = indicator_measure()
    table = measure_table(wave, measure, min_n(), compare=False)
    row = next((r for r in table.areas if r["area"] == problem.area.code), None)
    if row is None:
        raise EvidenceError(_("The campaign has no answers from %(area)s.",
                              area=problem.area.name))
    details = {key: row[key] for key in ("n", "suppressed", "estimate", "ci_low", "ci_high")}
    details.update(campaign=campaign.name, definition=str(measure.definition),
                   share=True, min_n=min_n())
    return f"{measure.label}: {campaign.name}, {problem.area.name}", details


def pin(problem: Problem, pin_id: int) -> Details:
    """An approved pin (its category and moderated comment)."""
    found = db.session.get(Pin, pin_id)
    if found is None or found.status != PinStatus.APPROVED:
        raise EvidenceError(_("There is no approved pin with number %(number)s.",
                              number=pin_id))
    return (_("Pin %(number)s", number=found.id),
            {"category": found.category, "comment": found.comment or "",
             "date": found.created_on.isoformat()})


def observation(problem: Problem, observation_id: int) -> Details:
    """A safety walk observation."""
    found = db.session.get(Observation, observation_id)
    if found is None:
        raise EvidenceError(_("There is no observation with number %(number)s.",
                              number=observation_id))
    return (_("Observation %(number)s", number=found.id),
            {"category": found.category, "description": found.description,
             "severity": found.severity, "date": found.walk.date.isoformat()})


def indicator_series(problem: Problem, series_id: int) -> Details:
    """The series summed over the problem's period in its area, with the rate per 100 000."""
    series = get_series(series_id)
    if series is None:
        raise EvidenceError(_("Choose an indicator from the list."))
    if problem.area is None:
        raise EvidenceError(_("Give the problem an area first: the indicator is per area."))
    first, last = problem.period_start.isoformat()[:7], problem.period_end.isoformat()[:7]
    total = period_total(series, problem.area.id, first, last)
    if total is None:
        raise EvidenceError(_("%(series)s has no values in %(area)s for the problem's period.",
                              series=series.name, area=problem.area.name))
    value, periods = total
    population, year = population_for(population_totals(), problem.area.id, last)
    shown = shown_value(value, series.is_count, population, year)
    details = {"value": shown.value, "suppressed": shown.suppressed, "rate": shown.rate,
               "population_year": year, "periods": periods, "first": first, "last": last,
               "source": series.source, "definition": series.definition}
    return f"{series.name}, {problem.area.name}", details


def partner_reports(problem: Problem) -> Details:
    """Partner reports from the problem's area and period, summed by category."""
    if problem.area is None:
        raise EvidenceError(_("Give the problem an area first: the reports are per area."))
    reports = reports_between(problem.period_start, problem.period_end, {problem.area.id})
    if not reports:
        raise EvidenceError(_("No partner reports from %(area)s in the problem's period.",
                              area=problem.area.name))
    summary = summarise(reports)
    return (_("Partner reports, %(area)s", area=problem.area.name),
            {"reports": summary.reports, "events": summary.events,
             "by_category": dict(summary.by_category)})
