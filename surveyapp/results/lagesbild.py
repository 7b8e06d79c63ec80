"""The lägesbild: everything the printable lägesbild (and the dashboard) shows, computed once
per request and built in one go."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from analysis import Estimate
from surveyapp import numbers
from surveyapp.db import db
from surveyapp.results import charts, places
from surveyapp.results.measures import INDICATOR, Measure, index_items, indicator_measure
from surveyapp.results.open_link import OpenLinkSummary, open_link_summary, sample_note
from surveyapp.results.services import (
    TrendPoint,
    campaign_measures,
    campaign_series,
    load_wave,
    min_n,
    trend_points,
    trend_test,
)
from surveyapp.results.survey_places import counts_by_area, survey_area_only, survey_points
from surveyapp.results.tables import MeasureTable, Wave, measure_table, whole_row
from surveyapp.results.weighting import WeightingProblem
from surveyapp.surveys.models import Campaign, Invitation


@dataclass(frozen=True)
class Lagesbild:
    """The computed lägesbild of a campaign for a set of areas.

    ``indicator`` has the whole municipality and the chosen areas only; ``wave`` and
    ``previous`` are the weighted data of this campaign and the one before (if weighted).
    """

    campaign: Campaign
    wave: Wave
    previous: Wave | None
    area_codes: list[str]
    indicator: MeasureTable
    trend: list[TrendPoint]
    trend_slope: Estimate | None
    problems: list[dict]
    pins: list[dict]
    hotspots: list[dict]
    walks: list[dict]
    actions: list[dict]
    invitations: int
    invitations_used: int
    charts: dict
    min_n: int
    sample_note: str = ""
    open_link: OpenLinkSummary | None = None
    survey_places: list[dict] = field(default_factory=list)
    place_counts: list[dict] = field(default_factory=list)
    hotspot_method: str = ""


def load_waves(campaign: Campaign, variables: list[str] | None = None) -> list[Wave]:
    """The weighted data of the campaign and of those earlier campaigns of its series that can
    be weighted, oldest first."""
    out = []
    for earlier in campaign_series(campaign):
        if earlier.id == campaign.id:
            out.append(load_wave(earlier, variables))
            continue
        try:
            out.append(load_wave(earlier, variables))
        except WeightingProblem:
            continue
    return out


def needed_variables(campaign: Campaign, measures: list[Measure]) -> list[str] | None:
    """The answer variables the lägesbild plus ``measures`` read (``None``: all of them)."""
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
    ranked: list[dict[str, Any]] = []
    for measure in measures:
        if measure.item.startswith("problem_") and measure.key.endswith("=1"):
            row = whole_row(wave, measure, threshold)
            if row["estimate"] is not None:
                ranked.append({"label": measure.label, "row": row})
    return sorted(ranked, key=lambda r: -r["row"]["estimate"])[:limit]


def indicator_by_area(campaign: Campaign, language: str) -> MeasureTable:
    """The indicator of the campaign's own wave, whole municipality first, then every area,
    without comparisons (what a period report shows; no trend, maps or places are built)."""
    wave = load_wave(campaign, [INDICATOR])
    table = measure_table(wave, indicator_measure(language), min_n(), compare=False)
    return replace(table, rows=[table.whole, *table.areas])


def build_lagesbild(campaign: Campaign, area_codes: list[str] | None, language: str,
                    extra: Sequence[Measure] = ()) -> Lagesbild:
    """Compute the lägesbild (raises ``WeightingProblem`` when the weights cannot be made);
    ``extra`` measures are made available too (for the dashboard's item tables)."""
    waves = load_waves(campaign, needed_variables(campaign, list(extra)))
    wave, previous = waves[-1], (waves[-2] if len(waves) > 1 else None)
    threshold = min_n()
    codes = [c for c in (area_codes or []) if c in wave.area_names] or list(wave.area_names)
    measure = indicator_measure(language)
    every_area = measure_table(wave, measure, threshold, previous)
    indicator = replace(every_area, rows=[every_area.whole, *(
        row for row in every_area.areas if row["area"] in codes)])
    trend = trend_points(waves, measure, threshold)
    pins = places.approved_pins(codes)
    survey = survey_points(campaign, codes)
    found = places.hotspots([*pins, *survey])
    invitations, invitations_used = invitation_counts(campaign)
    areas = [a for a in campaign.areas if a.code in codes]
    return Lagesbild(
        campaign=campaign, wave=wave, previous=previous, area_codes=codes, indicator=indicator,
        trend=trend, trend_slope=trend_test(waves, measure),
        problems=top_problems(wave, campaign_measures(campaign, language), threshold),
        pins=pins, hotspots=found.spots, hotspot_method=found.method,
        walks=places.walks(codes, campaign.year),
        actions=places.actions(codes), invitations=invitations,
        invitations_used=invitations_used,
        charts=make_charts(indicator, trend, areas, pins, found.spots, survey),
        min_n=threshold, survey_places=survey,
        place_counts=counts_by_area({c: wave.area_names[c] for c in codes}, pins, survey,
                                    survey_area_only(campaign, codes)),
        sample_note=sample_note(wave.diagnostics.include_open, wave.diagnostics.n_open),
        open_link=(None if wave.diagnostics.include_open else open_link_summary(
            campaign, measure, {c: wave.area_names[c] for c in codes}, threshold)))


def invitation_counts(campaign: Campaign) -> tuple[int, int]:
    """Invitations sent and used (the response rate of the invitation channel)."""
    sent = db.session.scalar(select(func.count()).select_from(Invitation).where(
        Invitation.campaign_id == campaign.id)) or 0
    used = db.session.scalar(select(func.count()).select_from(Invitation).where(
        Invitation.campaign_id == campaign.id, Invitation.used.is_(True))) or 0
    return sent, used


def make_charts(ind: MeasureTable, trend: list, areas: list, pins: list[dict],
                hotspots: list[dict], survey: Sequence[dict] = ()) -> dict:
    """The SVG charts of the indicator: bars by area, trend, map with pins and hot spots."""
    label = ind.measure.label
    values = {r["area"]: r["estimate"] for r in ind.areas}
    return {
        "bars": charts.bar_chart(
            [{**r, "name": r["name"] or _("Whole municipality")} for r in ind.rows],
            label, _("Bars show the estimate for each area, lines its 95 per cent confidence "
                     "interval; the same figures are in the table."), True,
            _("too few answers")),
        "trend": charts.trend_chart(
            trend, _("%(label)s over the years", label=label),
            _("The line shows the estimate for the whole municipality each year, the band "
              "its 95 per cent confidence interval; the same figures are in the table.",
              label=label), True),
        "map": charts.area_map(
            [(a.code, a.name, a.geometry) for a in areas], values, label,
            _("Map of the areas coloured by the indicator (darker = higher); dots are "
              "approved pins, orange squares are places marked as unsafe in the survey, red "
              "rings are significant hot spots of both. Figures are in the tables."), True,
            pins=[(p["lat"], p["lng"]) for p in pins if not p.get("area_only")],
            hotspots=hotspots,
            survey=[(p["lat"], p["lng"]) for p in survey]),
    }


def method_lines(lagesbild: Lagesbild) -> list[str]:
    """The method section as plain lines (also written into the XLSX 'method' sheet)."""
    return describe_method(lagesbild.wave, lagesbild.invitations, lagesbild.invitations_used,
                           lagesbild.min_n)


def describe_method(wave: Wave, invitations: int, invitations_used: int, threshold: int
                    ) -> list[str]:
    """The method lines for a weighted wave."""
    d = wave.diagnostics
    lines = [
        _("Design: stratified simple random sample with the area as stratum, each respondent "
          "its own sampling unit, no finite population correction."),
        _("Responses used: %(n)s (%(missing)s without an area are not used).", n=d.n,
          missing=d.n_without_area),
        sample_note(d.include_open, d.n_open),
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
