"""Storing, moderating and summing partner reports. They flush; the request commits."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from surveyapp.db import db
from surveyapp.dialogue.flags import personal_data_flags
from surveyapp.geo.models import Area
from surveyapp.organisations.models import Organisation
from surveyapp.organisations.services import get_organisation, reporting_organisations
from surveyapp.partners.models import NoteStatus, PartnerEvent, PartnerReport
from surveyapp.partners.periods import period_end, period_start

LONGEST_PERIOD_DAYS = 14


@dataclass
class Summary:
    """Partner reports of a span of days summed: events by category, time of day and area."""

    reports: int = 0
    by_category: Counter = field(default_factory=Counter)
    by_time: Counter = field(default_factory=Counter)
    by_area: Counter = field(default_factory=Counter)
    notes: list[PartnerReport] = field(default_factory=list)

    @property
    def events(self) -> int:
        """How many events were reported in all."""
        return sum(self.by_category.values())


def submit_report(values: dict[str, Any], user_id: int | None, today: date) -> PartnerReport:
    """Store a report, replacing the organisation's earlier one for the same area and period.
    Free text waits for a moderator."""
    organisation = get_organisation(values["organisation_id"])
    assert organisation is not None and organisation.report_every_weeks > 0
    weeks = organisation.report_every_weeks
    start = period_start(values["day"], weeks)
    report = db.session.scalar(select(PartnerReport).where(
        PartnerReport.organisation_id == organisation.id,
        PartnerReport.area_id == values["area_id"], PartnerReport.period_start == start))
    if report is None:
        report = PartnerReport(organisation_id=organisation.id, area_id=values["area_id"],
                               period_start=start)
        db.session.add(report)
    report.period_weeks, report.submitted_on, report.user_id = weeks, today, user_id
    report.note = values["note"]
    report.note_status = NoteStatus.PENDING if values["note"] else NoteStatus.NONE
    report.flags = personal_data_flags(values["note"])
    report.events = [PartnerEvent(**event) for event in values["events"]]
    db.session.flush()
    return report


def pending_notes() -> list[PartnerReport]:
    """Reports whose free text waits for a moderator, oldest first."""
    return list(db.session.scalars(
        select(PartnerReport).options(joinedload(PartnerReport.organisation),
                                      joinedload(PartnerReport.area))
        .where(PartnerReport.note_status == NoteStatus.PENDING).order_by(PartnerReport.id)))


def get_report(report_id: int) -> PartnerReport | None:
    """The report with this id."""
    return db.session.get(PartnerReport, report_id)


def moderate(report: PartnerReport, approve: bool) -> None:
    """Approve or reject the report's free text (the counted events stay either way)."""
    report.note_status = NoteStatus.APPROVED if approve else NoteStatus.REJECTED
    db.session.flush()


def reports_between(first: date, last: date, area_ids: set[int] | None = None
                    ) -> list[PartnerReport]:
    """Reports whose period overlaps ``first``…``last`` (optionally in some areas)."""
    query = (select(PartnerReport)
             .options(selectinload(PartnerReport.events), joinedload(PartnerReport.area),
                      joinedload(PartnerReport.organisation))
             .where(PartnerReport.period_start <= last,
                    PartnerReport.period_start > first - timedelta(days=LONGEST_PERIOD_DAYS))
             .order_by(PartnerReport.period_start, PartnerReport.id))
    if area_ids is not None:
        query = query.where(PartnerReport.area_id.in_(area_ids))
    return [r for r in db.session.scalars(query) if r.period_end >= first]


def summary_between(first: date, last: date) -> Summary:
    """:func:`summarise` of :func:`reports_between` read as columns (the period report sums
    hundreds of reports); only the reports with an approved note are loaded as objects."""
    rows = db.session.execute(
        select(PartnerReport.id, PartnerReport.period_start, PartnerReport.period_weeks,
               PartnerReport.note_status, Area.name, PartnerEvent.category,
               PartnerEvent.time_of_day, PartnerEvent.count)
        .join(Area, Area.id == PartnerReport.area_id)
        .outerjoin(PartnerEvent, PartnerEvent.report_id == PartnerReport.id)
        .where(PartnerReport.period_start <= last,
               PartnerReport.period_start > first - timedelta(days=LONGEST_PERIOD_DAYS)))
    summary, seen, noted = Summary(), set(), []
    for report_id, start, weeks, status, area, category, time_of_day, count in rows:
        if period_end(start, weeks) < first:
            continue
        if report_id not in seen:
            seen.add(report_id)
            if status == NoteStatus.APPROVED:
                noted.append(report_id)
        if category is not None:
            summary.by_category[category] += count
            summary.by_time[time_of_day] += count
            summary.by_area[area] += count
    summary.reports = len(seen)
    if noted:
        summary.notes = list(db.session.scalars(
            select(PartnerReport).options(joinedload(PartnerReport.area),
                                          joinedload(PartnerReport.organisation))
            .where(PartnerReport.id.in_(noted))
            .order_by(PartnerReport.period_start, PartnerReport.id)))
    return summary


def summarise(reports: list[PartnerReport]) -> Summary:
    """Sum the events of ``reports``; only moderator-approved free text is kept."""
    summary = Summary(reports=len(reports))
    for report in reports:
        for event in report.events:
            summary.by_category[event.category] += event.count
            summary.by_time[event.time_of_day] += event.count
            summary.by_area[report.area.name] += event.count
        if report.note_status == NoteStatus.APPROVED:
            summary.notes.append(report)
    return summary


def not_reported(day: date) -> list[tuple[Organisation, date, date]]:
    """Reporting organisations without any report for the period holding ``day``, with the
    period's first and last day."""
    missing = []
    for organisation in reporting_organisations():
        start = period_start(day, organisation.report_every_weeks)
        found = db.session.scalar(select(PartnerReport.id).where(
            PartnerReport.organisation_id == organisation.id,
            PartnerReport.period_start == start).limit(1))
        if found is None:
            missing.append((organisation, start,
                            period_end(start, organisation.report_every_weeks)))
    return missing
