"""The period form: which report (tertial or year) and for which year."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from flask_babel import gettext as _

from surveyapp.reports.periods import TERTIAL, YEAR, Period
from surveyapp.walks.forms import FormResult

FIRST_YEAR, LAST_YEAR = 2000, 2100


def read_period(args: Mapping[str, str]) -> FormResult:
    """Check ``kind``, ``year`` and (for a tertial) ``tertial``; ``values["period"]`` holds the
    :class:`Period` when they are right."""
    raw = {name: (args.get(name) or "").strip() for name in ("kind", "year", "tertial")}
    result = FormResult(raw=raw)
    if raw["kind"] not in (TERTIAL, YEAR):
        result.errors["kind"] = _("Choose a tertial report or an annual report.")
    try:
        year = int(raw["year"])
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValueError
    except ValueError:
        result.errors["year"] = _("Give a year from %(first)s to %(last)s.", first=FIRST_YEAR,
                                  last=LAST_YEAR)
    part = 0
    if raw["kind"] == TERTIAL:
        if raw["tertial"] not in ("1", "2", "3"):
            result.errors["tertial"] = _("Choose tertial 1, 2 or 3.")
        else:
            part = int(raw["tertial"])
    if result.ok:
        result.values["period"] = Period(raw["kind"], year, part)
    return result


def read_approval(form: Mapping[str, str]) -> FormResult:
    """Check the approval of a report version: body (required), reference, date."""
    raw = {name: (form.get(name) or "").strip()
           for name in ("approved_by", "approval_reference", "approved_on")}
    result = FormResult(raw=raw)
    if not raw["approved_by"]:
        result.errors["approved_by"] = _("Give the body that approved the report.")
    elif len(raw["approved_by"]) > 200:
        result.errors["approved_by"] = _("At most %(n)s characters.", n=200)
    if len(raw["approval_reference"]) > 100:
        result.errors["approval_reference"] = _("At most %(n)s characters.", n=100)
    try:
        approved_on = date.fromisoformat(raw["approved_on"])
    except ValueError:
        result.errors["approved_on"] = _("Give the date of the decision (YYYY-MM-DD).")
    if result.ok:
        result.values.update(approved_by=raw["approved_by"],
                             approval_reference=raw["approval_reference"],
                             approved_on=approved_on)
    return result
