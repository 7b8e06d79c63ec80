"""Organisations and which one each staff member works for."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveyapp.db import Model


class OrganisationKind(StrEnum):
    """What kind of body an organisation is (stored as its value in ``organisation.kind``)."""

    FORVALTNING = "forvaltning"
    BOSTADSBOLAG = "bostadsbolag"
    LOKALPOLISOMRADE = "lokalpolisomrade"
    RADDNINGSTJANST = "raddningstjanst"
    VAKTBOLAG = "vaktbolag"
    NARINGSLIV = "naringsliv"
    CIVILSAMHALLE = "civilsamhalle"
    SKOLA = "skola"
    ANNAN = "annan"


REPORT_INTERVALS = (0, 1, 2)
"""Weeks between an organisation's partner reports; 0 = it does not report."""


class Organisation(Model):
    """A named organisation responsible for actions and, if it reports, for partner reports."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    report_every_weeks: Mapped[int] = mapped_column(default=0, server_default="0")

    def __repr__(self) -> str:
        return f"<Organisation {self.name}>"


class OrganisationMember(Model):
    """A staff member's organisation (at most one per account)."""

    __tablename__ = "organisation_member"

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"),
                                         primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True)

    organisation: Mapped[Organisation] = relationship()
