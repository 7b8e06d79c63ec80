"""Freezing a period report with its approval, and reading frozen versions back."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from sqlalchemy import select

from surveyapp.db import db
from surveyapp.reports.document import Figure, ReportDocument, Section, Table
from surveyapp.reports.models import ReportVersion
from surveyapp.reports.periods import Period


def freeze(period: Period, document: ReportDocument, values: dict[str, Any], today: date
           ) -> ReportVersion:
    """Store ``document`` as a new frozen version of the period's report (flushes)."""
    version = ReportVersion(kind=period.kind, year=period.year, part=period.part,
                            content=asdict(document), approved_by=values["approved_by"],
                            approval_reference=values["approval_reference"],
                            approved_on=values["approved_on"], created_on=today)
    db.session.add(version)
    db.session.flush()
    return version


def versions_of(period: Period) -> list[ReportVersion]:
    """The frozen versions of the period's report, oldest first."""
    return list(db.session.scalars(select(ReportVersion).where(
        ReportVersion.kind == period.kind, ReportVersion.year == period.year,
        ReportVersion.part == period.part).order_by(ReportVersion.id)))


def get_version(version_id: int) -> ReportVersion | None:
    """The frozen version with this id."""
    return db.session.get(ReportVersion, version_id)


def document_of(version: ReportVersion) -> ReportDocument:
    """The frozen report as it was approved."""
    content = version.content
    return ReportDocument(content["title"], content["period"], [
        Section(s["heading"], list(s["paragraphs"]),
                [Table(t["caption"], list(t["header"]), [list(r) for r in t["rows"]])
                 for t in s["tables"]],
                [Figure(f["caption"], f["desc"], f["svg"]) for f in s.get("figures", [])])
        for s in content["sections"]])


def period_of(version: ReportVersion) -> Period:
    """The period the version reports on."""
    return Period(version.kind, version.year, version.part)
