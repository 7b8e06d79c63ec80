"""The one function that turns a weighted design into table rows, used by every output.

Screen, CSV/XLSX/SAV exports, the JSON API and the lägesbild all call :func:`measure_table`, so
they carry the same figures by construction. A cell with fewer than ``min_n`` respondents
(config ``RESULTS_MIN_N``, default 30) is suppressed: its estimate, SE, CI and comparisons are
``None`` in the rows (only ``n`` and ``suppressed`` remain).

Comparisons (significance from :mod:`analysis`, never eyeballed):

* **area vs municipality** — the area against the rest of the municipality (the area is part
  of the whole, so area vs rest is the valid test): :func:`analysis.compare.versus_rest`;
  significant when the 95 % t interval excludes 0.
* **vs previous wave** — the waves are independent samples:
  :func:`analysis.compare.independent_difference` (variance ``se₁² + se₂²``, t with the
  smaller design df).

All statistics come from :mod:`analysis`; this module only arranges them in rows.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analysis import Estimate, SurveyDesign, suppress
from analysis.compare import independent_difference, t_p_value, versus_rest
from surveyapp.results.measures import Measure

if TYPE_CHECKING:
    from surveyapp.results.weighting import Diagnostics

WHOLE = "_all"


@dataclass
class Wave:
    """One campaign's weighted data, ready for tables."""

    year: int
    design: SurveyDesign
    area_names: dict[str, str]
    diagnostics: Diagnostics


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


def estimates(design: SurveyDesign, measure: Measure, min_n: int, areas: bool = True
              ) -> tuple[Estimate | None, dict[str, Estimate]]:
    """Suppression-marked estimates of ``measure`` for the whole design and (when ``areas``)
    per area."""
    y = measure.values(design.data)
    valid = ~np.isnan(y)
    if not valid.any():
        return None, {}
    stat = "proportion" if measure.is_share else "mean"
    whole = (design.proportion(y, na_rm=True) if measure.is_share
             else design.mean(y, na_rm=True))
    if not areas:
        return suppress(whole, min_n), {}
    codes, keys = _area_codes(design)
    domain = pd.Series(pd.Categorical.from_codes(np.where(valid, codes, -1), categories=keys))
    table = suppress(design.by(domain, y, stat, na_rm=True), min_n)
    return suppress(whole, min_n), {str(code): est for code, est in zip(
        table.keys, table.estimates, strict=True)}


_AREA_CODES: weakref.WeakKeyDictionary[SurveyDesign, tuple[pd.DataFrame, np.ndarray, pd.Index]]
_AREA_CODES = weakref.WeakKeyDictionary()


def _area_codes(design: SurveyDesign) -> tuple[np.ndarray, pd.Index]:
    """The area of every row as a code into the sorted area codes (-1: none), made once per
    design: a table of 100 measures would otherwise hash 100 000 area strings 100 times. As a
    categorical domain the codes give :meth:`SurveyDesign.by` the same areas in the same
    order as the strings (``pd.factorize`` keeps the categories present, sorted)."""
    found = _AREA_CODES.get(design)
    if found is None or found[0] is not design.data:
        codes, areas = pd.factorize(design.data["area"], sort=True)
        found = _AREA_CODES[design] = (design.data, codes, areas)
    return found[1], found[2]


def measure_table(wave: Wave, measure: Measure, min_n: int, previous: Wave | None = None,
                  compare: bool = True) -> MeasureTable:
    """Rows of ``measure`` by area, with comparisons when ``compare``."""
    whole, by_area = estimates(wave.design, measure, min_n)
    prev_whole, prev_by_area = _previous(previous, measure, min_n)
    shown = [code for code, est in by_area.items() if not est.suppressed]
    vs_rest = (area_vs_rest(wave.design, measure.values(wave.design.data), shown)
               if compare else {})
    table = MeasureTable(measure, min_n=min_n,
                         previous_year=previous.year if previous is not None else None)
    table.rows.append(_row(WHOLE, "", whole, None, prev_whole if compare else None))
    for code in sorted(wave.area_names, key=lambda c: wave.area_names[c]):
        table.rows.append(_row(code, wave.area_names[code], by_area.get(code),
                               vs_rest.get(code), prev_by_area.get(code) if compare else None))
    return table


def whole_row(wave: Wave, measure: Measure, min_n: int) -> dict:
    """The municipality row of ``measure`` alone (no areas, no comparisons)."""
    return _row(WHOLE, "", estimates(wave.design, measure, min_n, areas=False)[0], None, None)


def area_vs_rest(design: SurveyDesign, y: np.ndarray, codes: list[str],
                 conf_level: float = 0.95) -> dict[str, dict]:
    """Each area's mean of ``y`` minus the mean of the rest of the municipality
    (:func:`analysis.compare.versus_rest`), as comparison rows. NaN in ``y`` = not counted."""
    area = design.data["area"].to_numpy(dtype=object)
    found = versus_rest(design, y, area, codes, conf_level)
    return {str(code): _comparison(est) for code, est in found.items()}


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
    shown = est if est is not None and not est.suppressed else None
    row = {
        "area": code, "name": name,
        "n": est.n if est is not None else 0,
        "suppressed": shown is None,
        "estimate": _num(shown.estimate) if shown is not None else None,
        "se": _num(shown.se) if shown is not None else None,
        "ci_low": _num(shown.ci_low) if shown is not None else None,
        "ci_high": _num(shown.ci_high) if shown is not None else None,
        "vs_municipality": vs_all if shown is not None else None,
        "previous": None, "vs_previous": None,
    }
    if shown is not None and previous is not None and not previous.suppressed:
        row["previous"] = previous.estimate
        row["vs_previous"] = _independent(shown, previous)
    return row


def _comparison(est: Estimate) -> dict:
    """A difference as a row: figures (``None`` where undefined), p-value, significance."""
    return {"difference": _num(est.estimate), "ci_low": _num(est.ci_low),
            "ci_high": _num(est.ci_high), "p_value": _num(t_p_value(est)),
            "significant": bool(est.ci_low > 0 or est.ci_high < 0)}


def _num(value: float) -> float | None:
    """A float for JSON and templates: NaN (undefined) becomes ``None``."""
    value = float(value)
    return None if np.isnan(value) else value


def _independent(now: Estimate, before: Estimate, conf_level: float = 0.95) -> dict:
    return _comparison(independent_difference(now, before, conf_level))
