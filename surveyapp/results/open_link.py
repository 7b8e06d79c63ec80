"""Open-link answers: counted, described and shown apart from the weighted random sample.

Open-link answers are self-selected: whoever found the link and wanted to answer. They are
never weighted with the random sample unless the analyst chose so (``include_open``), and
then every figure says so (:func:`sample_note`). Apart, they are shown **unweighted**: for the
indicator, the share among the open-link answers per area, suppressed below the threshold like
every other figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from flask_babel import gettext as _
from sqlalchemy import func, select

from surveyapp.db import db
from surveyapp.results.channels import OPEN, channel_clause
from surveyapp.results.data import response_frame
from surveyapp.results.measures import INDICATOR, Measure
from surveyapp.surveys.models import Campaign, Response, ResponseStatus


def open_count(campaign: Campaign) -> int:
    """Complete open-link responses of ``campaign``."""
    return db.session.scalar(select(func.count()).select_from(Response).where(
        Response.campaign_id == campaign.id, Response.status == ResponseStatus.COMPLETE,
        channel_clause(OPEN))) or 0


def sample_note(include_open: bool, n_open: int) -> str:
    """The sentence printed next to every weighted figure: which answers it comes from."""
    if include_open:
        return _("Includes %(n)s open-link answers (self-selected, not a random sample), "
                 "weighted as if they were sampled: the analyst chose to include them.",
                 n=n_open)
    if n_open:
        return _("Random sample only (letters, paper); %(n)s open-link answers "
                 "(self-selected) are left out of the weighted figures and shown apart.",
                 n=n_open)
    return _("Random sample only (letters, paper).")


@dataclass
class OpenLinkSummary:
    """The indicator among the open-link answers, unweighted: whole municipality and areas.

    Each row: ``area`` (``_all`` for the whole), ``name``, ``n`` (answers counted),
    ``share`` (``None`` when suppressed), ``suppressed``.
    """

    label: str
    total: int
    rows: list[dict] = field(default_factory=list)


def open_link_summary(campaign: Campaign, measure: Measure, area_names: dict[str, str],
                      threshold: int) -> OpenLinkSummary | None:
    """The unweighted indicator of the open-link answers, or ``None`` when there are none."""
    frame = response_frame(campaign, [INDICATOR] if measure.key == INDICATOR else None, OPEN)
    if frame.empty:
        return None
    y = measure.values(frame)
    summary = OpenLinkSummary(measure.label, len(frame))
    groups = [("_all", "", np.ones(len(frame), dtype=bool))] + [
        (code, name, (frame["area"] == code).to_numpy())
        for code, name in sorted(area_names.items(), key=lambda item: item[1])]
    for code, name, inside in groups:
        counted = y[inside & ~np.isnan(y)]
        shown = len(counted) >= threshold
        summary.rows.append({"area": code, "name": name, "n": int(len(counted)),
                             "share": float(counted.mean()) if shown else None,
                             "suppressed": not shown})
    return summary
