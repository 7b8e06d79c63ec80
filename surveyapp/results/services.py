"""Results services: campaigns to waves, waves to tables, trends. Only read (or flush)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

import numpy as np
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from threadpoolctl import threadpool_limits

from analysis import AnalysisError, Estimate, waves_trend
from surveyapp.db import db
from surveyapp.geo.models import Area
from surveyapp.results.channels import ALL, SAMPLE
from surveyapp.results.data import response_frame
from surveyapp.results.measures import Measure, measures
from surveyapp.results.open_link import open_count
from surveyapp.results.tables import MeasureTable, Wave, _num, estimates, measure_table
from surveyapp.results.weighting import (
    WeightingProblem,
    WeightingSettings,
    save_settings,
    settings_for,
    weight_campaign,
)
from surveyapp.surveys.models import Campaign

View = TypeVar("View", bound=Callable[..., Any])


def single_threaded_blas(view: View) -> View:
    """Run ``view`` with one BLAS thread.

    The variance code solves many small least-squares problems; with OpenBLAS threads (one
    pool per gunicorn worker, on the same cores) each solve waits for its threads and is 20
    times slower than single-threaded (measured: 125 ms vs 6 ms for a 561 × 57 fit).
    """

    @wraps(view)
    def run(*args: Any, **kwargs: Any) -> Any:
        with threadpool_limits(limits=1, user_api="blas"):
            return view(*args, **kwargs)

    return run  # type: ignore[return-value]


def min_n() -> int:
    """The suppression threshold (config ``RESULTS_MIN_N``, default 30)."""
    return int(current_app.config["RESULTS_MIN_N"])


def find_campaign(slug: str) -> Campaign | None:
    """The campaign with this slug."""
    return db.session.scalar(select(Campaign).where(Campaign.slug == slug))


def campaigns() -> list[Campaign]:
    """All campaigns, newest first."""
    return list(db.session.scalars(select(Campaign).order_by(Campaign.year.desc(),
                                                             Campaign.opens.desc())))


def campaign_series(campaign: Campaign) -> list[Campaign]:
    """Campaigns with the same questionnaire key up to ``campaign``'s year, oldest first.

    These are campaigns; a ``Wave`` is one campaign's weighted data (``load_wave``)."""
    key = campaign.questionnaire.key
    found = [c for c in campaigns() if c.questionnaire.key == key and c.year <= campaign.year
             and (c.year < campaign.year or c.id == campaign.id)]
    return sorted(found, key=lambda c: (c.year, c.opens))


def previous_campaign(campaign: Campaign) -> Campaign | None:
    """The latest earlier campaign of the same questionnaire, if any."""
    earlier = [c for c in campaign_series(campaign) if c.year < campaign.year]
    return earlier[-1] if earlier else None


def area_names(campaign: Campaign) -> dict[str, str]:
    """Area code → name for the campaign's areas."""
    return {area.code: area.name for area in campaign.areas}


def apply_settings(campaign: Campaign, settings: WeightingSettings) -> Wave:
    """Store ``settings`` and weight the campaign with them.

    Settings that cannot be used (``WeightingProblem``, e.g. no population for the year) are
    not kept: they are stored in a savepoint that the raise rolls back.
    """
    with db.session.begin_nested():
        save_settings(campaign, settings)
        return load_wave(campaign)


def load_wave(campaign: Campaign, variables: list[str] | None = None) -> Wave:
    """The campaign's responses weighted as its settings say (raises ``WeightingProblem``).

    ``variables`` limits the answers read (see :func:`response_frame`); all when ``None``.
    """
    include_open = settings_for(campaign).include_open
    frame = response_frame(campaign, variables, ALL if include_open else SAMPLE)
    n_open = open_count(campaign)
    if frame.empty and n_open and not include_open:
        raise WeightingProblem(_(
            "There are no answers from the random sample (letters, paper) yet; the "
            "%(n)s open-link answers are self-selected and are not weighted unless you "
            "include them on the weighting page.", n=n_open))
    design, diagnostics, _used = weight_campaign(campaign, frame)
    diagnostics.include_open, diagnostics.n_open = include_open, n_open
    names = area_names(campaign)
    for code in set(design.data["area"].unique()) - set(names):  # not 100 000 boxed values
        area = db.session.scalar(select(Area).where(Area.code == code))
        names[code] = area.name if area else code
    return Wave(campaign.year, design, names, diagnostics)


def campaign_measures(campaign: Campaign, language: str) -> list[Measure]:
    """Every measure of the campaign's questionnaire."""
    return measures(campaign.questionnaire.model(), language)


def tables_for(wave: Wave, chosen: list[Measure], previous: Wave | None = None,
               compare: bool = True, done: Callable[[int], None] | None = None
               ) -> list[MeasureTable]:
    """:func:`measure_table` for each measure with the configured suppression threshold;
    ``done(k)`` is called after the k-th table (a background job's progress)."""
    threshold = min_n()
    tables = []
    for index, measure in enumerate(chosen, start=1):
        tables.append(measure_table(wave, measure, threshold, previous, compare))
        if done is not None:
            done(index)
    return tables


@dataclass
class TrendPoint:
    """The whole-municipality estimate of one wave (``None`` fields when suppressed)."""

    year: int
    estimate: float | None
    ci_low: float | None
    ci_high: float | None
    n: int


def trend_points(waves: list[Wave], measure: Measure, threshold: int,
                 area: str | None = None) -> list[TrendPoint]:
    """The estimate of ``measure`` in each wave (for the whole or one area)."""
    points = []
    for wave in waves:
        try:
            whole, by_area = estimates(wave.design, measure, threshold)
        except KeyError:
            continue
        est = whole if area is None else by_area.get(area)
        if est is None or est.suppressed:
            points.append(TrendPoint(wave.year, None, None, None, est.n if est else 0))
        else:
            points.append(TrendPoint(wave.year, est.estimate, _num(est.ci_low),
                                     _num(est.ci_high), est.n))
    return points


def trend_test(waves: list[Wave], measure: Measure) -> Estimate | None:
    """Design-based linear trend of a share over the years (:func:`analysis.waves_trend`).

    The waves are independent samples; each keeps its own design (area strata, fpc) and its
    calibration, which the variance accounts for. ``None`` with fewer than two waves or when
    the model cannot be fitted.
    """
    if len(waves) < 2 or not measure.is_share:
        return None
    try:
        parts = [(float(w.year), w.design, measure.values(w.design.data)) for w in waves]
    except KeyError:
        return None
    try:
        return waves_trend(parts).linear_slope
    except (AnalysisError, np.linalg.LinAlgError):
        return None
