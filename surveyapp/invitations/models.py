"""Letter rounds: when letters and reminders were printed, as counts only.

A round stores how many letters it printed and how many invitations existed and had been used
at that moment, so the response rate before and after each reminder can be shown. It names no
invitation, code or person.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from surveyapp.db import Model


class RoundKind(StrEnum):
    """What a round printed (``letter_round.kind``)."""

    LETTERS = "letters"  # first letters: new invitations
    REMINDER = "reminder"  # the same codes again, for the invitations not yet used


class LetterRound(Model):
    """One printing of letters for a campaign (counts only)."""

    __tablename__ = "letter_round"
    __table_args__ = (UniqueConstraint("campaign_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))
    number: Mapped[int]  # 1, 2, … per campaign
    kind: Mapped[str] = mapped_column(String(16))
    sent_on: Mapped[date] = mapped_column(Date)
    letters: Mapped[int]
    invited: Mapped[int]  # invitations of the campaign after this round
    answered: Mapped[int]  # invitations used when this round was printed

    @property
    def rate(self) -> float | None:
        """The response rate from invitations when this round was printed."""
        return self.answered / self.invited if self.invited else None
