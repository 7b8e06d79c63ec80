"""The one function that turns a weighted design into table rows, used by every output.

Screen, CSV/XLSX/SAV exports, the JSON API and the report all call :func:`measure_table`, so
they carry the same figures by construction. A cell with fewer than ``min_n`` respondents
(config ``RESULTS_MIN_N``, default 30) is suppressed: its estimate, SE, CI and comparisons are
``None`` in the rows (only ``n`` and ``suppressed`` remain).

Comparisons (significance from :mod:`analysis`, never eyeballed):

* **area vs municipality** — ``SurveyDesign.difference`` of the area against the rest of the
  municipality (the area is part of the whole, so area vs rest is the valid test); significant
  when the 95 % t interval of the difference excludes 0.
* **vs previous wave** — the waves are independent samples, so the difference of the two
  estimates has variance ``se₁² + se₂²``; t test with the smaller of the two design df.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import stats

from analysis import Estimate, SurveyDesign, suppress
from surveyapp.results.measures import Measure

WHOLE = "_all"


@dataclass
class Wave:
    """One campaign's weighted data, ready for tables."""

    year: int
    design: SurveyDesign
    area_names: dict[str, str]
    diagnostics: object = None
    campaign: object = None


@dataclass
class MeasureTable:
    """Rows for every area plus the whole municipality (first row, ``area`` = ``_all``)."""

    measure: Measure
    rows: list[dict] = field(default_factory=list)
    min_n: int = 30
    previous_year: int | None = None

    @property
    def whole(self) -> dict:
        """The row of the whole municipality."""
        return self.rows[0]

    @property
    def areas(self) -> list[dict]:
        """The rows of the areas."""
        return self.rows[1:]


def estimates(design: SurveyDesign, measure: Measure, min_n: int
              ) -> tuple[Estimate | None, dict[str, Estimate]]:
    """Suppression-marked estimates of ``measure`` for the whole design and per area."""
    y = measure.values(design.data)
    valid = ~np.isnan(y)
    if not valid.any():
        return None, {}
    stat = "proportion" if measure.is_share else "mean"
    whole = (design.proportion(y, na_rm=True) if measure.is_share
             else design.mean(y, na_rm=True))
    domain = np.where(valid, design.data["area"].to_numpy(dtype=object), None)
    table = suppress(design.by(domain, y, stat, na_rm=True), min_n)
    return suppress(whole, min_n), dict(zip(table.keys, table.estimates, strict=True))


def measure_table(wave: Wave, measure: Measure, min_n: int, previous: Wave | None = None,
                  compare: bool = True) -> MeasureTable:
    """Rows of ``measure`` by area, with comparisons when ``compare``."""
    whole, by_area = estimates(wave.design, measure, min_n)
    prev_whole, prev_by_area = _previous(previous, measure, min_n)
    y = measure.values(wave.design.data)
    table = MeasureTable(measure, min_n=min_n,
                         previous_year=previous.year if previous is not None else None)
    table.rows.append(_row(WHOLE, "", whole, None, prev_whole if compare else None))
    for code in sorted(wave.area_names, key=lambda c: wave.area_names[c]):
        est = by_area.get(code)
        vs_all = (_vs_rest(wave.design, y, code, measure)
                  if compare and est is not None and not est.suppressed else None)
        table.rows.append(_row(code, wave.area_names[code], est, vs_all,
                               prev_by_area.get(code) if compare else None))
    return table


def _previous(previous: Wave | None, measure: Measure, min_n: int
              ) -> tuple[Estimate | None, dict[str, Estimate]]:
    if previous is None:
        return None, {}
    try:
        return estimates(previous.design, measure, min_n)
    except KeyError:  # the earlier questionnaire did not ask this item
        return None, {}


def _row(code: str, name: str, est: Estimate | None, vs_all: dict | None,
         previous: Estimate | None) -> dict:
    shown = est is not None and not est.suppressed
    row = {
        "area": code, "name": name,
        "n": est.n if est is not None else 0,
        "suppressed": not shown,
        "estimate": _num(est.estimate) if shown else None,
        "se": _num(est.se) if shown else None,
        "ci_low": _num(est.ci_low) if shown else None,
        "ci_high": _num(est.ci_high) if shown else None,
        "vs_municipality": vs_all if shown else None,
        "previous": None, "vs_previous": None,
    }
    if shown and previous is not None and not previous.suppressed:
        row["previous"] = previous.estimate
        row["vs_previous"] = _independent(est, previous)
    return row


def _comparison(diff: float, se: float, df: float, ci: tuple[float, float]) -> dict:
    p = float(2 * stats.t.sf(abs(diff) / se, df)) if se > 0 and df > 0 else float("nan")
    return {"difference": _num(diff), "ci_low": _num(ci[0]), "ci_high": _num(ci[1]),
            "p_value": _num(p), "significant": bool(ci[0] > 0 or ci[1] < 0)}


def _num(value: float) -> float | None:
    """A float for JSON and templates: NaN (undefined) becomes ``None``."""
    value = float(value)
    return None if np.isnan(value) else value


def _vs_rest(design: SurveyDesign, y: np.ndarray, code: str, measure: Measure) -> dict | None:
    inside = design.data["area"].to_numpy(dtype=object) == code
    if inside.all():
        return None
    domain = np.where(inside, "area", "rest")
    diff = design.difference(y, domain, "area", "rest", na_rm=True)
    return _comparison(diff.estimate, diff.se, diff.df, (diff.ci_low, diff.ci_high))


def _independent(now: Estimate, before: Estimate, conf_level: float = 0.95) -> dict:
    diff = now.estimate - before.estimate
    se = float(np.hypot(now.se, before.se))
    df = min(now.df, before.df)
    half = float(stats.t.ppf(0.5 + conf_level / 2, df)) * se if df > 0 else float("nan")
    return _comparison(diff, se, df, (diff - half, diff + half))
