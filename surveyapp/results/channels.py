"""Which responses a figure is computed from: the random sample, the open link, or both.

The random sample is every channel but ``open`` (invitation letters answered on the web, paper
questionnaires, imported responses of a sample); open-link answers are self-selected and are
weighted with the sample only when an analyst chose so explicitly (``include_open``).
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, true

from surveyapp.surveys.models import Channel, Response

SAMPLE = "sample"  # random sample only (the default for every weighted figure)
OPEN = "open"  # open-link answers only (shown apart, unweighted)
ALL = "all"  # both, when the analyst included the open-link answers


def channel_clause(which: str) -> ColumnElement[bool]:
    """The WHERE condition on ``response.channel`` for ``which`` (SAMPLE, OPEN or ALL)."""
    if which == SAMPLE:
        return Response.channel != Channel.OPEN
    if which == OPEN:
        return Response.channel == Channel.OPEN
    if which == ALL:
        return true()
    raise ValueError(f"unknown response selection {which!r}")
