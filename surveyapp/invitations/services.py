"""Invitations for a campaign and response rates per area. They flush; the request commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, select

from surveyapp.db import db
from surveyapp.invitations.frame import FrameRow, Problem
from surveyapp.invitations.models import LetterRound, RoundKind
from surveyapp.surveys.models import Campaign, Channel, Invitation, Response
from surveyapp.surveys.services import create_invitations, invitation_code, invitations_by_code


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


@dataclass(frozen=True)
class Printing:
    """The letters of one round, or the problems that stopped it (then nothing was written)."""

    letters: list[Letter]
    problems: list[Problem]


def make_letters(campaign: Campaign, rows: list[FrameRow], today: date) -> Printing:
    """First letters: one single-use invitation per row, its code derived from the row's serial.

    Only the strata and the code's hash are stored; names and addresses stay in the letters. A
    row whose serial already has a letter is refused (print a reminder round instead).
    """
    codes = [invitation_code(campaign, row.serial) for row in rows]
    existing = invitations_by_code(campaign, codes)
    problems = [Problem(row.line, "serial", row.serial[:40], "has_letter")
                for row, code in zip(rows, codes, strict=True) if code in existing]
    if problems:
        return Printing([], problems)
    create_invitations(campaign, [{"serial": row.serial, **row.strata()} for row in rows])
    _record_round(campaign, RoundKind.LETTERS, len(rows), today)
    return Printing([Letter(row.name, row.address_lines, code)
                     for row, code in zip(rows, codes, strict=True)], [])


def make_reminders(campaign: Campaign, rows: list[FrameRow], today: date) -> Printing:
    """A reminder round from the same frame: a letter with the same code as the first letter,
    for exactly the rows whose invitation is not yet used. Nothing about the invitations
    changes; the round is recorded as counts.

    Every row must have had a first letter with the same strata: a serial without one, or one
    whose area, sex or age group differ (a renumbered frame would give someone another's code),
    is a problem and nothing is printed.
    """
    codes = [invitation_code(campaign, row.serial) for row in rows]
    existing = invitations_by_code(campaign, codes)
    problems, letters = [], []
    for row, code in zip(rows, codes, strict=True):
        invitation = existing.get(code)
        if invitation is None:
            problems.append(Problem(row.line, "serial", row.serial[:40], "no_letter"))
        elif _strata(invitation) != row.strata():
            problems.append(Problem(row.line, "serial", row.serial[:40], "strata_changed"))
        elif not invitation.used:
            letters.append(Letter(row.name, row.address_lines, code))
    if problems:
        return Printing([], problems)
    if letters:
        _record_round(campaign, RoundKind.REMINDER, len(letters), today)
    return Printing(letters, [])


def _strata(invitation: Invitation) -> dict[str, str | None]:
    return {"area_code": invitation.area_code, "sex": invitation.sex,
            "age_group": invitation.age_group}


def _record_round(campaign: Campaign, kind: RoundKind, letters: int, today: date) -> None:
    """Store the round's counts: letters printed, invitations and used codes at this moment."""
    number = db.session.scalar(
        select(func.coalesce(func.max(LetterRound.number), 0))
        .where(LetterRound.campaign_id == campaign.id)) or 0
    invited, answered = db.session.execute(
        select(func.count(), func.coalesce(func.sum(case((Invitation.used.is_(True), 1),
                                                         else_=0)), 0))
        .where(Invitation.campaign_id == campaign.id)).one()
    db.session.add(LetterRound(
        campaign_id=campaign.id, number=number + 1, kind=kind, sent_on=today, letters=letters,
        invited=int(invited), answered=int(answered)))
    db.session.flush()


def letter_rounds(campaign: Campaign) -> list[LetterRound]:
    """The campaign's letter and reminder rounds, first first."""
    return list(db.session.scalars(
        select(LetterRound).where(LetterRound.campaign_id == campaign.id)
        .order_by(LetterRound.number)))


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
