"""Counts of one period from the place dialogue, the walks and the partner reports."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection

from sqlalchemy import func, select

from surveyapp.db import db
from surveyapp.dialogue.models import Pin, PinStatus
from surveyapp.geo.models import Area
from surveyapp.partners.services import Summary, summary_between
from surveyapp.reports.periods import Period
from surveyapp.walks.models import Observation, Walk


def pins_by_area(period: Period) -> Counter:
    """Approved pins created in the period, by area name."""
    rows = db.session.execute(
        select(Area.name, func.count(Pin.id)).join(Area, Area.id == Pin.area_id)
        .where(Pin.status == PinStatus.APPROVED, Pin.created_on >= period.first,
               Pin.created_on <= period.last).group_by(Area.name))
    return Counter({name: int(count) for name, count in rows})


def pin_points(period: Period, area_ids: Collection[int]) -> list[tuple[float, float]]:
    """Latitude and longitude of the approved pins created in the period in these areas."""
    rows = db.session.execute(
        select(Pin.lat, Pin.lng).where(
            Pin.status == PinStatus.APPROVED, Pin.created_on >= period.first,
            Pin.created_on <= period.last, Pin.area_id.in_(list(area_ids))))
    return [(lat, lng) for lat, lng in rows]


def observations_by_area(period: Period) -> Counter:
    """Observations of walks held in the period, by area name."""
    rows = db.session.execute(
        select(Area.name, func.count(Observation.id))
        .join(Walk, Walk.id == Observation.walk_id).join(Area, Area.id == Walk.area_id)
        .where(Walk.date >= period.first, Walk.date <= period.last).group_by(Area.name))
    return Counter({name: int(count) for name, count in rows})


def partner_summary(period: Period) -> Summary:
    """Partner reports whose period overlaps the report period, summed."""
    return summary_between(period.first, period.last)
