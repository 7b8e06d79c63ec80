"""Moderation state of the free-text answers of written survey responses.

The text itself stays in ``response.answers`` (one copy, which privacy erasure blanks); this
table only says, per response and free-text variable, whether a moderator approved it and
which personal-data flags it raised. Rows carry no date or time and a random id, and they are
made only for responses already written by the batch step, so they add nothing that links a
response to an invitation, a code or a moment.
"""

from __future__ import annotations

import secrets
from enum import StrEnum

from sqlalchemy import JSON, BigInteger, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from surveyapp.db import Model


class TextStatus(StrEnum):
    """Where a survey free-text answer stands (stored in ``survey_text.status``)."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


def new_text_id() -> int:
    """A random positive 63-bit id (row order says nothing)."""
    return secrets.randbelow(2**63 - 1) + 1


class SurveyText(Model):
    """One free-text answer of one response, as the moderation sees it."""

    __tablename__ = "survey_text"
    __table_args__ = (UniqueConstraint("response_id", "variable"),)

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False,
        default=new_text_id,
    )
    response_id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"),
        ForeignKey("response.id", ondelete="CASCADE"), index=True,
    )
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaign.id", ondelete="CASCADE"), index=True
    )
    variable: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default=TextStatus.PENDING)
    flags: Mapped[list[str]] = mapped_column(JSON, default=list)
