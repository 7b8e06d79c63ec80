"""Everything the lägesbild report (and the dashboard) shows, computed once per request."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import func, select

from surveyapp import numbers
from surveyapp.db import db
from surveyapp.results import charts, places
from surveyapp.results.measures import INDICATOR, Measure, index_items, indicator_measure
from surveyapp.results.services import (
    campaign_measures,
    load_wave,
    min_n,
    trend_points,
    trend_test,
    waves_of,
)
from surveyapp.results.tables import MeasureTable, Wave, measure_table, whole_row
from surveyapp.results.weighting import WeightingProblem
from surveyapp.surveys.models import Campaign, Invitation


@dataclass
class Lagesbild:
    """The computed content of a report for a campaign and a set of areas."""

    campaign: Campaign
    wave: Wave
    area_codes: list[str]
    indicator: MeasureTable
    trend: list
    trend_slope: object
    problems: list[dict] = field(default_factory=list)
    pins: list[dict] = field(default_factory=list)
    hotspots: list[dict] = field(default_factory=list)
    walks: list[dict] = field(default_factory=list)
    actions: list[dict] = field(default_factory=list)
    invitations: int = 0
    invitations_used: int = 0
    previous: Wave | None = None
    charts: dict = field(default_factory=dict)
    min_n: int = 30


def load_waves(campaign: Campaign, variables: list[str] | None = None) -> list[Wave]:
    """The campaign and its earlier waves that can be weighted, oldest first."""
    out = []
    for earlier in waves_of(campaign):
        if earlier.id == campaign.id:
            out.append(load_wave(earlier, variables))
            continue
        try:
            out.append(load_wave(earlier, variables))
        except WeightingProblem:
            continue
    return out


def needed_variables(campaign: Campaign, measures: list[Measure]) -> list[str] | None:
    """The answer variables the report plus ``measures`` read (``None``: all of them)."""
    model = campaign.questionnaire.model()
    wanted = [INDICATOR, *index_items(model, "problem_")]
    for measure in measures:
        if measure.item in ("problem_index", "worry_index"):
            prefix = "problem_" if measure.item == "problem_index" else "oro_"
            wanted += index_items(model, prefix)
        elif measure.item in model.variables():
            wanted.append(measure.item)
        else:
            return None
    return wanted


def top_problems(wave: Wave, measures: list[Measure], threshold: int, limit: int = 5
                 ) -> list[dict]:
    """Problem items ranked by the municipality's share answering "a big problem"."""
    ranked = []
    for measure in measures:
        if measure.item.startswith("problem_") and measure.key.endswith("=1"):
            row = whole_row(wave, measure, threshold)
            if row["estimate"] is not None:
                ranked.append({"label": measure.label, "row": row})
    return sorted(ranked, key=lambda r: -r["row"]["estimate"])[:limit]


def build(campaign: Campaign, area_codes: list[str] | None, language: str,
          extra: list[Measure] = ()) -> Lagesbild:
    """Compute the report (raises ``WeightingProblem`` when the weights cannot be made);
    ``extra`` measures are made available too (for the dashboard's item tables)."""
    waves = load_waves(campaign, needed_variables(campaign, list(extra)))
    wave, previous = waves[-1], (waves[-2] if len(waves) > 1 else None)
    threshold = min_n()
    codes = [c for c in (area_codes or []) if c in wave.area_names] or list(wave.area_names)
    measure = indicator_measure(language)
    indicator = measure_table(wave, measure, threshold, previous)
    indicator.rows[1:] = [r for r in indicator.areas if r["area"] in codes]
    pins = places.approved_pins(codes)
    report = Lagesbild(
        campaign=campaign, wave=wave, area_codes=codes, indicator=indicator,
        trend=trend_points(waves, measure, threshold), trend_slope=trend_test(waves, measure),
        problems=top_problems(wave, campaign_measures(campaign, language), threshold),
        pins=pins, hotspots=places.hotspots(pins), walks=places.walks(codes, campaign.year),
        actions=places.actions(codes), min_n=threshold, previous=previous)
    report.invitations, report.invitations_used = invitation_counts(campaign)
    report.charts = make_charts(report, [a for a in campaign.areas if a.code in codes])
    return report


def invitation_counts(campaign: Campaign) -> tuple[int, int]:
    """Invitations sent and used (the response rate of the invitation channel)."""
    sent = db.session.scalar(select(func.count()).select_from(Invitation).where(
        Invitation.campaign_id == campaign.id)) or 0
    used = db.session.scalar(select(func.count()).select_from(Invitation).where(
        Invitation.campaign_id == campaign.id, Invitation.used.is_(True))) or 0
    return sent, used


def make_charts(report: Lagesbild, areas: list) -> dict:
    """The SVG charts of the indicator: bars by area, trend, map with pins and hot spots."""
    ind = report.indicator
    label = ind.measure.label
    values = {r["area"]: r["estimate"] for r in ind.areas}
    return {
        "bars": charts.bar_chart(
            [{**r, "name": r["name"] or _("Whole municipality")} for r in ind.rows],
            label, _("Bars show the estimate for each area, lines its 95 per cent confidence "
                     "interval; the same figures are in the table."), True,
            _("too few answers")),
        "trend": charts.trend_chart(
            report.trend, _("%(label)s over the years", label=label),
            _("The line shows the estimate for the whole municipality each year, the band "
              "its 95 per cent confidence interval; the same figures are in the table.",
              label=label), True),
        "map": charts.area_map(
            [(a.code, a.name, a.geometry) for a in areas], values, label,
            _("Map of the areas coloured by the indicator (darker = higher); dots are "
              "approved pins, red rings are hot spots. Figures are in the tables."), True,
            pins=[(p["lat"], p["lng"]) for p in report.pins], hotspots=report.hotspots),
    }


def method_lines(report: Lagesbild) -> list[str]:
    """The method section as plain lines (also written into the XLSX 'method' sheet)."""
    return describe_method(report.wave, report.invitations, report.invitations_used,
                           report.min_n)


def describe_method(wave: Wave, invitations: int, invitations_used: int, threshold: int
                    ) -> list[str]:
    """The method lines for a weighted wave."""
    d = wave.diagnostics
    lines = [
        _("Design: stratified simple random sample with the area as stratum, each respondent "
          "its own sampling unit, no finite population correction."),
        _("Responses used: %(n)s (%(missing)s without an area are not used).", n=d.n,
          missing=d.n_without_area),
    ]
    if invitations:
        lines.append(_("Invitations sent: %(sent)s, used: %(used)s (response rate %(rate)s "
                       "%%); answers by open link are not part of the response rate.",
                       sent=invitations, used=invitations_used,
                       rate=numbers.decimal(100 * invitations_used / invitations, 1)))
    if d.method == "none":
        lines.append(_("Weighting: none (unweighted)."))
    else:
        lines.append(_("Weighting: %(method)s to the population %(year)s by area, sex and age "
                       "group. Kish design effect %(deff)s, effective sample size %(neff)s, "
                       "weights from %(low)s to %(high)s.", method=d.method,
                       year=d.population_year, deff=numbers.decimal(d.kish_deff),
                       neff=numbers.decimal(d.effective_n, 0),
                       low=numbers.decimal(d.min_weight, 1),
                       high=numbers.decimal(d.max_weight, 1)))
    lines += [
        _("Sex “other / no answer” and a missing age group keep their own weighting category "
          "with its sample share of the area's population."),
        _("Suppression: figures based on fewer than %(n)s answers are not shown anywhere.",
          n=threshold),
        _("Confidence intervals: 95 per cent, Taylor linearisation; proportions with logit "
          "intervals. Differences between an area and the rest of the municipality and "
          "between waves are tested at the 5 per cent level."),
    ]
    return lines
