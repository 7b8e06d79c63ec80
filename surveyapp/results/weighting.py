"""Weighting a campaign to the population: the design, the weights and their diagnostics.

Design used (documented on the method page and in the lägesbild): a stratified simple random
sample without replacement with the **area** as stratum (invitation letters are drawn per area;
open-link answers, when an analyst includes them, the same way), each respondent its own PSU,
with the finite population correction ``1 - n_h / N_h`` (respondents over the area's
population in the population table; none without a population table). Strata with a single
respondent are merged into one stratum so that the variance can be estimated (its N is the sum
of the merged areas').
Base weights are 1, or the weight an imported file brought (``response.base_weight``, see
``surveyapp.imports``); the chosen method then calibrates them to the population of the
campaign's areas for the population year (latest year ≤ the campaign year by default):

* ``poststratify`` — to the cells area × sex × age group; an empty or tiny cell (fewer than
  3 respondents) is merged with its neighbouring age group within the same area and sex
  (:func:`analysis.weighting.collapse_cells` states the rule); the merged cells are listed in
  the diagnostics;
* ``rake`` — to the three margins area, sex and age group (iterative proportional fitting);
* ``none`` — unweighted.

Sex "x" (another answer or no answer) and a missing age group cannot be matched to SCB's
tables. Such respondents keep their own category whose population share is set to their
(unweighted) sample share within their area and age group (for sex) or area and sex (for age);
the men/women and age-group counts of that area are scaled down accordingly. So they are
weighted like everybody else in their area without being assigned to a sex or age they did not
state. Responses without an area are left out of the weighted analysis and counted in the
diagnostics.

Only the random sample (letters, paper: every channel but ``open``) is weighted, unless the
analyst explicitly included the open-link answers (``include_open``; they are then treated as
part of the sample, which they are not, and every output says so: ``results.sample``).

A campaign may set its own age grouping (e.g. 13-15, 16-19, 20-24): the population's ages
(single years or groups) are then summed into those groups and each answer's age is put in its
group (see :mod:`surveyapp.geo.ages`); ages outside every group count as a missing age group.

Optional trimming bounds the final weights to ``[lower, upper] × mean weight`` (R
``trimWeights``, strict), keeping the weight total.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from flask_babel import gettext as _
from sqlalchemy import select

from analysis import AnalysisError, SurveyDesign
from analysis.weighting import collapse_cells
from surveyapp.db import db
from surveyapp.geo.ages import (
    AgeGroupingError,
    AgeRange,
    group_answers,
    group_population,
    parse_grouping,
)
from surveyapp.geo.population import population_table, population_years
from surveyapp.results.data import UNKNOWN_AGE, UNKNOWN_SEX
from surveyapp.results.models import METHODS, WEIGHTING_VARIABLES, CampaignWeighting
from surveyapp.surveys.models import Campaign


class WeightingProblem(Exception):
    """Weights cannot be computed with these settings; the message is shown to the analyst."""


@dataclass(frozen=True)
class WeightingSettings:
    """Plain settings (also used by the bench without a database)."""

    method: str = "rake"
    variables: tuple[str, ...] = WEIGHTING_VARIABLES
    population_year: int | None = None
    trim_lower: float | None = None
    trim_upper: float | None = None
    include_open: bool = False
    age_groups: tuple[str, ...] = ()  # the campaign's grouping; () = the table's own groups


@dataclass
class Diagnostics:
    """What an analyst checks before trusting the weights."""

    method: str
    n: int
    n_without_area: int
    kish_deff: float
    effective_n: float
    min_weight: float
    max_weight: float
    mean_weight: float
    population_year: int | None
    margins: list[dict] = field(default_factory=list)
    areas_without_responses: list[str] = field(default_factory=list)
    include_open: bool = False  # open-link answers weighted with the sample (analyst's choice)
    n_open: int = 0  # open-link answers of the campaign, used or not
    collapsed_cells: list[dict] = field(default_factory=list)


def settings_for(campaign: Campaign) -> WeightingSettings:
    """The stored settings of ``campaign`` or the default (rake on all three variables)."""
    stored = db.session.scalar(
        select(CampaignWeighting).where(CampaignWeighting.campaign_id == campaign.id))
    if stored is None:
        return WeightingSettings()
    return WeightingSettings(stored.method, tuple(stored.variables), stored.population_year,
                             stored.trim_lower, stored.trim_upper, bool(stored.include_open),
                             tuple(stored.age_groups or ()))


def save_settings(campaign: Campaign, settings: WeightingSettings) -> None:
    """Store ``settings`` for ``campaign`` (flush only)."""
    if settings.method not in METHODS:
        raise WeightingProblem(_("Unknown weighting method."))
    stored = db.session.scalar(
        select(CampaignWeighting).where(CampaignWeighting.campaign_id == campaign.id))
    if stored is None:
        stored = CampaignWeighting(campaign_id=campaign.id)
        db.session.add(stored)
    stored.method = settings.method
    stored.variables = list(settings.variables)
    stored.population_year = settings.population_year
    stored.trim_lower, stored.trim_upper = settings.trim_lower, settings.trim_upper
    stored.include_open = settings.include_open
    stored.age_groups = list(settings.age_groups) or None
    db.session.flush()


def population_for(campaign: Campaign, settings: WeightingSettings
                   ) -> tuple[int | None, pd.DataFrame]:
    """The population year used and its cells ``area, sex, age_group, count``."""
    year = settings.population_year or campaign.population_year
    if year is None:
        years = [y for y in population_years() if y <= campaign.year] or population_years()
        year = years[0] if years else None
    cells = population_table(year) if year is not None else []
    return year, pd.DataFrame(cells, columns=["area", "sex", "age_group", "count"])


def _grouping(settings: WeightingSettings) -> tuple[AgeRange, ...]:
    try:
        return parse_grouping(", ".join(settings.age_groups)) if settings.age_groups else ()
    except AgeGroupingError as error:
        raise WeightingProblem(str(error)) from error


def weight_campaign(campaign: Campaign, frame: pd.DataFrame
                    ) -> tuple[SurveyDesign, Diagnostics, pd.DataFrame]:
    """The weighted design of ``campaign``'s responses (see :func:`weight_frame`)."""
    settings = settings_for(campaign)
    year, population = (None, None)
    if settings.method != "none":
        year, population = population_for(campaign, settings)
        if population.empty:
            raise WeightingProblem(_("There is no population table to weight with. Import "
                                     "one or choose “unweighted”."))
    return weight_frame(frame, settings, population, year)


def weight_frame(frame: pd.DataFrame, settings: WeightingSettings,
                 population: pd.DataFrame | None, year: int | None = None
                 ) -> tuple[SurveyDesign, Diagnostics, pd.DataFrame]:
    """Build the design for the rows of ``frame`` with an area, weighted as ``settings`` say.

    Returns the design, the diagnostics and the frame actually used (rows with an area).
    """
    used = frame[frame["area"].notna()].reset_index(drop=True)
    groups = _grouping(settings)
    if groups:
        used["age_group"] = group_answers(used["age_group"], groups, UNKNOWN_AGE)
        if population is not None:
            try:
                population = group_population(population, groups)
            except AgeGroupingError as error:
                raise WeightingProblem(str(error)) from error
    if used.empty:
        raise WeightingProblem(_("There are no responses with an area yet."))
    strata = _strata(used["area"])
    fpc = _sampling_fraction(strata, used, population)
    base = used["base_weight"].to_numpy(dtype=float) if "base_weight" in used else None
    design = SurveyDesign(used, strata=strata, fpc=fpc, weights=base)
    margins: list[dict] = []
    collapsed: list[dict] = []
    missing_areas: list[str] = []
    try:
        if settings.method != "none":
            if population is None:
                raise ValueError(f"weighting by {settings.method} needs a population table")
            cells, missing_areas = _adjusted_population(used, population, settings.variables)
            names = list(settings.variables)
            if settings.method == "poststratify" and "age_group" in names and len(names) > 1:
                fixed = [v for v in names if v != "age_group"]
                ages, merged, report = collapse_cells(used, cells, fixed, "age_group")
                collapsed = [{**dict(zip(fixed, c.fixed, strict=True)),
                              "age_groups": list(c.merged), "n": c.n} for c in report]
                design = SurveyDesign(used.assign(_ps_age_group=ages.to_numpy()),
                                      strata=strata, fpc=fpc)
                cell_names = [*fixed, "_ps_age_group"]
                design = design.poststratify(cell_names, merged.rename(
                    columns={"age_group": "_ps_age_group"}).groupby(cell_names)["count"].sum())
            elif settings.method == "poststratify":
                totals = cells.groupby(names)["count"].sum()
                if len(names) == 1:
                    design = design.poststratify(
                        names[0], {k: float(v) for k, v in totals.items()})
                else:
                    design = design.poststratify(names, totals)
            else:
                design = design.rake({v: cells.groupby(v)["count"].sum().to_dict()
                                      for v in names})
            margins = _margins(used, design.weights, cells, names)
        if settings.trim_lower is not None or settings.trim_upper is not None:
            mean = float(np.mean(design.weights))
            design = design.trim(lower=(settings.trim_lower or 0.0) * mean,
                                 upper=(settings.trim_upper or np.inf) * mean, strict=True)
            if margins:
                margins = _margins(used, design.weights, cells, list(settings.variables))
    except AnalysisError as error:
        raise WeightingProblem(_("The weights could not be computed: %(error)s",
                                 error=str(error))) from error
    w = design.weights
    diagnostics = Diagnostics(
        method=settings.method, n=len(used), n_without_area=int(len(frame) - len(used)),
        kish_deff=design.kish_deff(), effective_n=design.effective_n(),
        min_weight=float(w.min()), max_weight=float(w.max()), mean_weight=float(w.mean()),
        population_year=year, margins=margins, areas_without_responses=missing_areas,
        collapsed_cells=collapsed)
    return design, diagnostics, used


def _strata(area: pd.Series) -> np.ndarray:
    """Areas as strata; areas with one respondent are merged (a lonely PSU has no variance)."""
    sizes = area.map(area.value_counts())
    strata = area.where(sizes > 1, "_merged").to_numpy(dtype=object)
    if (strata == "_merged").sum() == 1:
        strata[strata == "_merged"] = area.value_counts().index[0]
    return strata


def _sampling_fraction(strata: np.ndarray, frame: pd.DataFrame,
                       population: pd.DataFrame | None) -> np.ndarray | None:
    """Sampling fraction ``n_h / N_h`` per row for the fpc (R ``fpc`` given as fractions).

    ``N_h`` is the population of the stratum's areas; a stratum without a population figure
    (or with fewer people than respondents) gets no correction (fraction 0)."""
    if population is None or population.empty:
        return None
    per_area = population.groupby("area")["count"].sum()
    areas = pd.DataFrame({"stratum": strata, "area": frame["area"].to_numpy()})
    pop = areas.drop_duplicates().assign(
        N=lambda d: d["area"].map(per_area)).groupby("stratum")["N"].sum(min_count=1)
    n_h = areas["stratum"].value_counts()
    fraction = (n_h / pop.reindex(n_h.index)).where(lambda f: f <= 1, 0.0).fillna(0.0)
    return areas["stratum"].map(fraction).to_numpy(dtype=np.float64)


def _adjusted_population(frame: pd.DataFrame, population: pd.DataFrame,
                         variables: tuple[str, ...]) -> tuple[pd.DataFrame, list[str]]:
    """Population cells of the areas with respondents, with the unknown sex/age categories
    given their sample share (see the module docstring)."""
    sample_areas = set(frame["area"])
    known = set(population["area"])
    unknown = sorted(sample_areas - known)
    if unknown:
        raise WeightingProblem(_("The population table has no figures for area(s) %(areas)s.",
                                 areas=", ".join(unknown)))
    missing = sorted(known - sample_areas)
    cells = population[population["area"].isin(sample_areas)].copy()
    cells["count"] = cells["count"].astype(float)
    cells = _give_share(cells, frame, "sex", UNKNOWN_SEX, ["area", "age_group"])
    cells = _give_share(cells, frame, "age_group", UNKNOWN_AGE, ["area", "sex"])
    if "area" not in variables:
        missing = []
    return cells, missing


def _give_share(cells: pd.DataFrame, frame: pd.DataFrame, column: str, unknown: str,
                within: list[str]) -> pd.DataFrame:
    if not (frame[column] == unknown).any():
        return cells
    share = (frame[column] == unknown).groupby([frame[c] for c in within]).mean()
    share.name = "_share"
    merged = cells.join(share, on=within).fillna({"_share": 0.0})
    merged["_moved"] = merged["count"] * merged["_share"]
    extra = merged.groupby(within)["_moved"].sum().reset_index(name="count")
    extra[column] = unknown
    merged["count"] = merged["count"] * (1 - merged["_share"])
    out = pd.concat([merged[cells.columns], extra[cells.columns]], ignore_index=True)
    return out[out["count"] > 0].reset_index(drop=True)


def _margins(frame: pd.DataFrame, weights: np.ndarray, cells: pd.DataFrame,
             names: list[str]) -> list[dict]:
    """Target and achieved weighted total of every category of every weighting variable."""
    out = []
    for name in names:
        target = cells.groupby(name)["count"].sum()
        achieved = pd.Series(weights).groupby(frame[name].to_numpy()).sum()
        n = frame[name].value_counts()
        for category in sorted(set(target.index) | set(achieved.index), key=str):
            out.append({"variable": name, "category": category,
                        "n": int(n.get(category, 0)),
                        "target": float(target.get(category, 0.0)),
                        "achieved": float(achieved.get(category, 0.0))})
    return out
