"""Invitations for a campaign and response rates per area. They flush; the request commits."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select

from surveyapp.db import db
from surveyapp.invitations.frame import FrameRow
from surveyapp.surveys.models import Campaign, Channel, Invitation, Response
from surveyapp.surveys.services import create_invitations


@dataclass(frozen=True)
class Letter:
    """What one printed letter shows. Lives only while the letters are rendered."""

    name: str
    address_lines: tuple[str, ...]
    code: str


@dataclass(frozen=True)
class AreaRate:
    """Counts for one area: invitations sent, codes used, open-link responses."""

    area_code: str
    area_name: str
    invited: int
    answered: int
    open_responses: int

    @property
    def rate(self) -> float | None:
        """Share of invitations answered (None without invitations)."""
        return self.answered / self.invited if self.invited else None


def stratum_codes(campaign: Campaign, stratum: str) -> list[str]:
    """The answer codes of the questionnaire's question for ``stratum`` (sex, age_group)."""
    question = campaign.questionnaire.model().stratum_question(stratum)
    if question is None:
        return []
    return [str(choice.code) for choice in question.choices]


def make_letters(campaign: Campaign, rows: list[FrameRow]) -> list[Letter]:
    """Create one single-use invitation per row and pair each code with its addressee.

    Only the strata and the code's hash are stored; names and addresses stay in the letters.
    """
    codes = create_invitations(campaign, [row.strata() for row in rows])
    pairs = zip(rows, codes, strict=True)
    return [Letter(row.name, row.address_lines, code) for row, code in pairs]


def response_rates(campaign: Campaign) -> list[AreaRate]:
    """Per area of the campaign: invitations, used codes and open-link responses (counts only)."""
    invited = {
        area: (total, used)
        for area, total, used in db.session.execute(
            select(
                Invitation.area_code,
                func.count(),
                func.sum(case((Invitation.used.is_(True), 1), else_=0)),
            )
            .where(Invitation.campaign_id == campaign.id)
            .group_by(Invitation.area_code)
        )
    }
    open_counts = dict(
        db.session.execute(
            select(Response.area_code, func.count())
            .where(Response.campaign_id == campaign.id, Response.channel == Channel.OPEN)
            .group_by(Response.area_code)
        ).all()
    )
    names = {area.code: area.name for area in campaign.areas}
    codes = list(names) + sorted(
        code for code in set(invited) | set(open_counts) if code not in names and code
    )
    rates = []
    for code in codes:
        total, used = invited.get(code, (0, 0))
        rates.append(
            AreaRate(code, names.get(code) or code, int(total), int(used or 0),
                     int(open_counts.get(code, 0)))
        )
    return rates


def totals(rates: list[AreaRate]) -> AreaRate:
    """The sum over all areas."""
    return AreaRate(
        "", "",
        sum(r.invited for r in rates),
        sum(r.answered for r in rates),
        sum(r.open_responses for r in rates),
    )
