"""Frozen report versions: the report of a period as it was approved, never changed after."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, Date, String
from sqlalchemy.orm import Mapped, mapped_column

from surveyapp.db import Model


class ReportVersion(Model):
    """A report of a period frozen with its approval (body, reference, date); ``content`` is the
    :class:`surveyapp.reports.document.ReportDocument` as JSON, so later data changes do not
    alter what was approved."""

    __tablename__ = "report_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    year: Mapped[int]
    part: Mapped[int]
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    approved_by: Mapped[str] = mapped_column(String(200))
    approval_reference: Mapped[str] = mapped_column(String(100), default="")
    approved_on: Mapped[date] = mapped_column(Date)
    created_on: Mapped[date] = mapped_column(Date)
