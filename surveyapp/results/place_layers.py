"""The layers of the analysts' place map, read from the database and filtered.

Free text only when a moderator approved it: an approved pin's place description and comment
(a pin with text waits for a moderator), a partner report's note with ``note_status`` approved.
Walk observations' descriptions are not moderated and never appear; actions show their title and
status only. Partner reports have no position: their events are summed per area and placed at
the area's interior point, and a sum of 1–4 is shown as "fewer than 5"
(:data:`surveyapp.indicators.rates.SMALL_COUNT_LIMIT`), as are the per-area counts of
:func:`area_counts`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from surveyapp.db import db
from surveyapp.dialogue.models import Pin, PinStatus
from surveyapp.geo.geometry import interior_point
from surveyapp.geo.models import Area
from surveyapp.indicators.rates import SMALL_COUNT_LIMIT, is_small
from surveyapp.results.place_filter import PlaceFilter
from surveyapp.results.survey_places import survey_points


@dataclass
class PlaceLayers:
    """Rows per layer: each point is a dict with ``lat``, ``lng``, ``area`` and what its popup
    and table show."""

    pins: list[dict] = field(default_factory=list)
    survey: list[dict] = field(default_factory=list)
    observations: list[dict] = field(default_factory=list)
    partners: list[dict] = field(default_factory=list)
    actions: list[dict] = field(default_factory=list)


def count_text(count: int) -> str:
    """A count as shown: "fewer than 5" for 1–4."""
    if is_small(count):
        return _("fewer than %(n)s", n=SMALL_COUNT_LIMIT)
    return str(count)


def load_layers(campaign, areas: Sequence[Area], chosen: PlaceFilter) -> PlaceLayers:
    """Every layer the filter asks for, inside ``areas``."""
    by_id = {area.id: area for area in areas}
    codes = [area.code for area in areas]
    layers = PlaceLayers()
    if "dialogue" in chosen.sources:
        layers.pins = _pins(by_id, chosen)
    if "survey" in chosen.sources and not (chosen.category or chosen.time_of_day):
        year = int(campaign.year)
        if chosen.in_period(date(year, 1, 1), date(year, 12, 31)):
            layers.survey = survey_points(campaign, codes)
    if "walk" in chosen.sources and not chosen.time_of_day:
        layers.observations = _observations(by_id, chosen)
    if "partner" in chosen.sources:
        layers.partners = _partners(by_id, chosen)
    if "action" in chosen.sources and not (chosen.category or chosen.time_of_day):
        layers.actions = _actions(by_id, chosen)
    return layers


def _pins(by_id: dict[int, Area], chosen: PlaceFilter) -> list[dict]:
    query = select(Pin.lat, Pin.lng, Pin.area_id, Pin.category, Pin.time_of_day,
                   Pin.created_on, Pin.place_description, Pin.comment, Pin.me_too).where(
        Pin.status == PinStatus.APPROVED, Pin.area_id.in_(list(by_id)))
    if chosen.category:
        query = query.where(Pin.category == chosen.category)
    if chosen.start:
        query = query.where(Pin.created_on >= chosen.start)
    if chosen.end:
        query = query.where(Pin.created_on <= chosen.end)
    return [{"lat": r[0], "lng": r[1], "area": by_id[r[2] or 0].code, "category": r[3],
             "time_of_day": r[4] or "", "date": r[5].isoformat(), "place": r[6] or "",
             "comment": r[7] or "", "me_too": r[8]}
            for r in db.session.execute(query) if chosen.pin_time(r[4])]


def _observations(by_id: dict[int, Area], chosen: PlaceFilter) -> list[dict]:
    from surveyapp.walks.models import Observation, Walk

    query = (select(Observation.lat, Observation.lng, Walk.area_id, Observation.category,
                    Observation.severity, Walk.date)
             .join(Walk, Walk.id == Observation.walk_id)
             .where(Walk.area_id.in_(list(by_id)), Observation.lat.is_not(None),
                    Observation.lng.is_not(None)))
    if chosen.category:
        query = query.where(Observation.category == chosen.category)
    if chosen.start:
        query = query.where(Walk.date >= chosen.start)
    if chosen.end:
        query = query.where(Walk.date <= chosen.end)
    return [{"lat": r[0], "lng": r[1], "area": by_id[r[2]].code, "category": r[3],
             "severity": r[4], "date": r[5].isoformat()} for r in db.session.execute(query)]


def _partners(by_id: dict[int, Area], chosen: PlaceFilter) -> list[dict]:
    from surveyapp.partners.models import NoteStatus, PartnerReport

    reports = db.session.scalars(select(PartnerReport).where(
        PartnerReport.area_id.in_(list(by_id))).order_by(PartnerReport.period_start))
    totals: Counter[int] = Counter()
    notes: dict[int, list[str]] = defaultdict(list)
    for report in reports:
        if not chosen.in_period(report.period_start, report.period_end):
            continue
        events = [e for e in report.events
                  if (not chosen.category or e.category == chosen.category)
                  and (not chosen.time_of_day or e.time_of_day == chosen.time_of_day)]
        totals[report.area_id] += sum(e.count for e in events)
        if report.note_status == NoteStatus.APPROVED and report.note and (
                events or not (chosen.category or chosen.time_of_day)):
            notes[report.area_id].append(report.note)
    rows = []
    for area_id, total in sorted(totals.items()):
        area = by_id[area_id]
        if not total or not area.geometry:
            continue
        lat, lng = interior_point(area.geometry)
        rows.append({"lat": lat, "lng": lng, "area": area.code, "count": total,
                     "count_text": count_text(total), "notes": notes[area_id][-3:]})
    return rows


def _actions(by_id: dict[int, Area], chosen: PlaceFilter) -> list[dict]:
    from surveyapp.actions.labels import status_label
    from surveyapp.actions.models import Action

    rows = []
    for action in db.session.scalars(select(Action).order_by(Action.id)):
        if action.area_id is not None and action.area_id not in by_id:
            continue
        if not chosen.in_period(action.updated_on):
            continue
        positions = action.positions()
        if positions:
            lat = sum(p[0] for p in positions) / len(positions)
            lng = sum(p[1] for p in positions) / len(positions)
        elif action.area is not None and action.area.geometry:
            lat, lng = interior_point(action.area.geometry)
        else:
            continue
        rows.append({"lat": lat, "lng": lng, "area": action.area.code if action.area else "",
                     "title": action.title, "status": status_label(action.status),
                     "actor": action.organisation.name})
    return rows


def area_counts(areas: Sequence[Area], layers: PlaceLayers) -> list[dict]:
    """Per area (by name): how many places each point layer has, as shown ("fewer than 5" for
    1–4), and the partner events."""
    counted = {name: Counter(row["area"] for row in rows) for name, rows in (
        ("pins", layers.pins), ("survey", layers.survey),
        ("observations", layers.observations), ("actions", layers.actions))}
    partners = {row["area"]: row["count"] for row in layers.partners}
    return [{"name": area.name, "code": area.code,
             **{name: count_text(counts[area.code]) for name, counts in counted.items()},
             "partners": count_text(partners.get(area.code, 0))}
            for area in sorted(areas, key=lambda a: a.name)]
