"""Trygghet indicators on top of the design: the NTU-style unsafe share and 0–6 indices.

Answer codes follow the app's standard questionnaire and can be overridden:

* ``trygg_kvall`` — 1 Mycket trygg, 2 Ganska trygg, 3 Ganska otrygg, 4 Mycket otrygg,
  5 Går aldrig ut – på grund av otrygghet, 6 Går aldrig ut – av andra skäl, 9 Vet ej.
* ``problem_*`` — 1 Ett stort problem, 2 Ett visst problem, 3 Inget problem, 9 Vet ej.
* ``oro_*`` — 1 Mycket ofta, 2 Ganska ofta, 3 Ganska sällan, 4 Aldrig, 9 Vet ej.

Every result carries a ``definition`` string for the app to print next to the figure and is
marked ``suppressed`` when fewer than ``min_n`` respondents are behind it.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analysis._typing import AnyArray, FloatArray
from analysis.errors import DesignError
from analysis.results import DomainTable, Estimate
from analysis.suppression import DEFAULT_MIN_N, suppress

if TYPE_CHECKING:
    from analysis.design import SurveyDesign

PROBLEM_SCORES: Mapping[int, float] = {1: 6.0, 2: 3.0, 3: 0.0}
WORRY_SCORES: Mapping[int, float] = {1: 6.0, 2: 4.0, 3: 2.0, 4: 0.0}


def unsafe_flags(codes: pd.Series | FloatArray, safe: Sequence[int] = (1, 2),
                 unsafe: Sequence[int] = (3, 4), never_out_unsafe: Sequence[int] = (5,)
                 ) -> FloatArray:
    """Per respondent: 1 unsafe (``unsafe`` or ``never_out_unsafe``), 0 safe, NaN outside the
    denominator (every other code and missing answers). The one definition of the indicator's
    numerator and denominator, used by :func:`unsafe_share` and by the app."""
    values = pd.Series(np.asarray(codes, dtype=np.float64))
    valid = values.isin([*safe, *unsafe, *never_out_unsafe]).to_numpy()
    flag = values.isin([*unsafe, *never_out_unsafe]).to_numpy(dtype=np.float64)
    return np.where(valid, flag, np.nan)


def choice_flags(codes: pd.Series | AnyArray, code: Hashable,
                 dont_know: Sequence[Hashable] = (9,)) -> FloatArray:
    """Per respondent of a single-choice item: 1 answered ``code``, 0 answered another code,
    NaN no answer or "don't know" (outside the denominator of the share). Codes are compared
    as given (numbers or strings)."""
    numbers = np.asarray(codes)
    if numbers.dtype.kind in "fiu" and all(_exact_float(c) for c in (code, *dont_know)):
        # numeric codes (what the app's frames hold) compared as floats: the same outcome as
        # the object comparison below, without boxing every answer
        numbers = numbers.astype(np.float64)
        valid = ~np.isnan(numbers) & ~np.isin(numbers, np.array(dont_know, dtype=np.float64))
        return np.where(valid, (numbers == code) * 1.0, np.nan)
    values = pd.Series(np.asarray(codes, dtype=object))
    valid = (values.notna() & ~values.isin(list(dont_know))).to_numpy()
    return np.where(valid, (values == code).to_numpy(dtype=np.float64), np.nan)


def _exact_float(value: object) -> bool:
    """Whether ``value`` is a number that a float holds exactly (so that comparing as floats
    gives what comparing the Python objects gives)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return not isinstance(value, int) or abs(value) <= 2**53


def index_scores(answers: pd.DataFrame, items: Sequence[str], scores: Mapping[int, float],
                 min_items: int = 1) -> FloatArray:
    """Per respondent: mean score over the answered ``items`` (codes not in ``scores`` —
    "don't know" — and missing answers skipped), NaN with fewer than ``min_items`` answered.
    The one definition of the 0–6 indices (:func:`problem_index`, :func:`worry_index`)."""
    values = np.column_stack([pd.to_numeric(answers[item], errors="coerce").map(scores)
                              .to_numpy(dtype=np.float64, na_value=np.nan) for item in items])
    answered = np.sum(~np.isnan(values), axis=1)
    total = np.nansum(values, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where((answered >= min_items) & (answered > 0), total / answered, np.nan)


def unsafe_share(design: SurveyDesign, item: str = "trygg_kvall", *, by: str | None = None,
                 safe: Sequence[int] = (1, 2), unsafe: Sequence[int] = (3, 4),
                 never_out_unsafe: Sequence[int] = (5,), excluded: Sequence[int] = (6, 9),
                 method: str = "logit", min_n: int = DEFAULT_MIN_N,
                 conf_level: float = 0.95) -> Estimate | DomainTable:
    """Share who feel unsafe out alone late in the evening in their area (NTU indicator).

    Numerator: ``unsafe`` (Ganska/Mycket otrygg) plus ``never_out_unsafe`` (går aldrig ut – på
    grund av otrygghet). Denominator: numerator plus ``safe`` (Mycket/Ganska trygg). Codes in
    ``excluded`` (går aldrig ut – av andra skäl, vet ej) and missing answers are outside the
    denominator, as in Brå's NTU. Any other code raises :class:`DesignError`. Design-based
    proportion with ``method`` CI (``logit``/``beta``); per domain with ``by=``.
    """
    codes = _codes(design, item, (*safe, *unsafe, *never_out_unsafe, *excluded))
    flag = pd.Series(unsafe_flags(codes, safe, unsafe, never_out_unsafe))
    definition = (f"Andel otrygga: svar {list(unsafe)} (ganska/mycket otrygg) eller "
                  f"{list(never_out_unsafe)} (går aldrig ut p.g.a. otrygghet) av alla som svarat "
                  f"{[*safe, *unsafe, *never_out_unsafe]} på {item!r}; {list(excluded)} "
                  "(av andra skäl, vet ej) och ej svar ingår inte i nämnaren.")
    if by is None:
        est = design.proportion(flag, method=method, na_rm=True, conf_level=conf_level)
        return _define(suppress(est, min_n), definition)
    _check_domain(design, by)
    table = design.by(by, flag, "proportion", method=method, na_rm=True,
                      conf_level=conf_level)
    return _define_table(suppress(table, min_n), definition)


def problem_index(design: SurveyDesign, items: Sequence[str] | None = None, *,
                  by: str | None = None, scores: Mapping[int, float] = PROBLEM_SCORES,
                  dont_know: Sequence[int] = (9,), min_items: int = 1,
                  min_n: int = DEFAULT_MIN_N, conf_level: float = 0.95
                  ) -> Estimate | DomainTable:
    """Problem index 0–6 per area, in the style of Polisens trygghetsmätning.

    Definition used (ours, precise): every answered ``problem_*`` item scores *Ett stort
    problem* = 6, *Ett visst problem* = 3, *Inget problem* = 0 (``scores``); *Vet ej* and missing
    answers are skipped. A respondent's index is the mean score over the items they answered
    (at least ``min_items``, otherwise they are left out); the reported figure is the
    design-weighted mean of the respondents' indices with its linearised SE. 0 means nobody
    sees any of the problems, 6 that everybody sees all of them as big problems.

    Reference: the police's local trygghetsmätning (Polismyndigheten, in use since 2009)
    reports a problem index on a 0–6 scale built from "hur stort problem är ..." items.
    Their questionnaire uses a longer answer scale, so this function does not reproduce their
    figures; it is a documented index on the same 0–6 range for our three-level items.
    """
    items = _items(design, items, "problem_")
    definition = (f"Problemindex 0–6: medelvärde per svarande över {len(items)} problemfrågor "
                  "(stort problem = 6, visst problem = 3, inget problem = 0; vet ej/ej svar "
                  f"utelämnas; minst {min_items} besvarad fråga), vägt medelvärde över svarande.")
    return _index(design, items, scores, dont_know, min_items, by, min_n, conf_level,
                  definition)


def worry_index(design: SurveyDesign, items: Sequence[str] | None = None, *,
                by: str | None = None, scores: Mapping[int, float] = WORRY_SCORES,
                dont_know: Sequence[int] = (9,), min_items: int = 1,
                min_n: int = DEFAULT_MIN_N, conf_level: float = 0.95
                ) -> Estimate | DomainTable:
    """Worry index 0–6 over the ``oro_*`` items, defined like :func:`problem_index`.

    Scores: *Mycket ofta* = 6, *Ganska ofta* = 4, *Ganska sällan* = 2, *Aldrig* = 0 (equal
    steps); *Vet ej* and missing answers skipped; respondent mean over answered items, then the
    design-weighted mean over respondents.
    """
    items = _items(design, items, "oro_", exclude=NOT_WORRY_ITEMS)
    definition = (f"Oroindex 0–6: medelvärde per svarande över {len(items)} orofrågor (mycket "
                  "ofta = 6, ganska ofta = 4, ganska sällan = 2, aldrig = 0; vet ej/ej svar "
                  f"utelämnas; minst {min_items} besvarad fråga), vägt medelvärde över svarande.")
    return _index(design, items, scores, dont_know, min_items, by, min_n, conf_level,
                  definition)


def _index(design: SurveyDesign, items: Sequence[str], scores: Mapping[int, float],
           dont_know: Sequence[int], min_items: int, by: str | None, min_n: int,
           conf_level: float, definition: str) -> Estimate | DomainTable:
    allowed = (*scores, *dont_know)
    answers = pd.DataFrame({item: _codes(design, item, allowed) for item in items})
    person = pd.Series(index_scores(answers, items, scores, min_items))
    if by is None:
        est = design.mean(person, na_rm=True, conf_level=conf_level)
        return _define(suppress(est, min_n), definition)
    _check_domain(design, by)
    table = design.by(by, person, "mean", na_rm=True, conf_level=conf_level)
    return _define_table(suppress(table, min_n), definition)


def _check_domain(design: SurveyDesign, by: str) -> None:
    missing = int(design.column(by).isna().sum())
    if missing:
        raise DesignError(f"domain column {by!r} has {missing} missing values: give those "
                          "respondents an area (or drop them explicitly) before estimating")


# ``oro_*`` columns on another scale than the worry frequency (how much worry affects life).
NOT_WORRY_ITEMS = frozenset({"oro_paverkan"})


def _items(design: SurveyDesign, items: Sequence[str] | None, prefix: str,
           exclude: frozenset[str] = frozenset()) -> list[str]:
    if items is None:
        chosen = [c for c in design.data.columns
                  if str(c).startswith(prefix) and str(c) not in exclude]
    else:
        chosen = list(items)
    if not chosen:
        raise DesignError(f"no {prefix}* items found in the data")
    return chosen


def _codes(design: SurveyDesign, item: str, allowed: Sequence[int]) -> pd.Series:
    col = pd.to_numeric(design.column(item), errors="coerce")
    raw = design.column(item)
    bad = raw.notna() & ~col.isin(allowed)
    if bad.any():
        code = raw[bad].iloc[0]
        code = code.item() if hasattr(code, "item") else code
        raise DesignError(f"item {item!r} has answer code {code!r} that is not one "
                          f"of the expected codes {sorted(allowed)}")
    return col


def _define(est: Estimate, definition: str) -> Estimate:
    from dataclasses import replace
    return replace(est, definition=definition)


def _define_table(table: DomainTable, definition: str) -> DomainTable:
    from dataclasses import replace
    rows = tuple(_define(e, definition) for e in table.estimates)
    return replace(table, estimates=rows, definition=definition)
