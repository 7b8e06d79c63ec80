"""Pins, walk observations, hot spots, walks and actions for maps, the lägesbild and GeoJSON.

Only approved pins are used (moderation comes first); survey places (``survey_places``) count
with them, labelled by their ``source``. Hot spots are defined in
:func:`analysis.hotspots.grid_hotspots`: pins counted in a grid of about 200 × 200 m (0.002°
latitude × 0.004° longitude); a cell with at least ``min_pins`` pins is a hot spot (no free
text is shown with it).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from analysis.hotspots import grid_hotspots
from surveyapp.db import db
from surveyapp.dialogue.models import PinStatus
from surveyapp.geo.models import Area
from surveyapp.results.tables import MeasureTable


def approved_pins(area_codes: Sequence[str]) -> list[dict]:
    """Approved pins in the areas: position, category, area code, me-too count."""
    from surveyapp.dialogue.models import Pin

    rows = db.session.execute(
        select(Pin.lat, Pin.lng, Pin.category, Area.code, Pin.me_too, Pin.source)
        .join(Area, Area.id == Pin.area_id)
        .where(Pin.status == PinStatus.APPROVED, Area.code.in_(list(area_codes))))
    return [{"lat": r[0], "lng": r[1], "category": r[2], "area": r[3], "me_too": r[4],
             "source": r[5]} for r in rows]


def observations(area_codes: Sequence[str]) -> list[dict]:
    """Walk observations with a position in the areas."""
    from surveyapp.walks.models import Observation, Walk

    rows = db.session.execute(
        select(Observation.lat, Observation.lng, Observation.category, Observation.severity,
               Area.code, Walk.date)
        .join(Walk, Walk.id == Observation.walk_id).join(Area, Area.id == Walk.area_id)
        .where(Area.code.in_(list(area_codes)), Observation.lat.is_not(None)))
    return [{"lat": r[0], "lng": r[1], "category": r[2], "severity": r[3], "area": r[4],
             "date": r[5].isoformat()} for r in rows]


def walks(area_codes: Sequence[str], year: int) -> list[dict]:
    """Walks held in the areas in ``year`` with their observation counts."""
    from surveyapp.walks.models import Walk

    found = db.session.scalars(select(Walk).join(Area, Area.id == Walk.area_id)
                               .where(Area.code.in_(list(area_codes))).order_by(Walk.date))
    return [{"date": w.date, "area": w.area.name, "status": w.status,
             "observations": len(w.observations)} for w in found if w.date.year == year]


def actions(area_codes: Sequence[str]) -> list[dict]:
    """Actions in the areas (or without an area) with their status."""
    from surveyapp.actions.labels import status_label
    from surveyapp.actions.models import Action

    found = db.session.scalars(select(Action).order_by(Action.status, Action.id))
    return [{"title": a.title, "area": a.area.name if a.area else "",
             "actor": a.organisation.name, "status": status_label(a.status),
             "due": a.due} for a in found
            if a.area is None or a.area.code in area_codes]


def hotspots(pins: Sequence[dict], min_pins: int = 3, limit: int = 10) -> list[dict]:
    """Grid cells with at least ``min_pins`` places, most first; ``pins`` may mix dialogue
    pins and survey places, and ``by_source`` counts each cell's places per ``source``
    (:func:`analysis.hotspots.grid_hotspots`)."""
    spots = grid_hotspots([(p["lat"], p["lng"]) for p in pins], min_pins, limit,
                          labels=[str(p.get("source") or "dialogue") for p in pins])
    return [{"lat": s["lat"], "lng": s["lng"], "pins": int(s["pins"]), "by_source": s["by_label"]}
            for s in spots]


def feature_collection(areas: Sequence[Area], indicator: MeasureTable, pins: Sequence[dict],
                       observed: Sequence[dict], survey: Sequence[dict] = ()) -> dict:
    """RFC 7946 FeatureCollection: areas with the indicator, pins, observations and survey
    places (their own layer: ``kind`` ``survey_place``, ``source`` ``survey``)."""
    rows = {row["area"]: row for row in indicator.areas}
    features = []
    for area in areas:
        if not area.geometry:
            continue
        row = rows.get(area.code, {})
        features.append({"type": "Feature", "geometry": area.geometry, "properties": {
            "kind": "area", "code": area.code, "name": area.name,
            "indicator": indicator.measure.key, "n": row.get("n", 0),
            "estimate": row.get("estimate"), "ci_low": row.get("ci_low"),
            "ci_high": row.get("ci_high"), "suppressed": row.get("suppressed", True)}})
    for kind, items in (("pin", pins), ("observation", observed), ("survey_place", survey)):
        for item in items:
            properties = {k: v for k, v in item.items() if k not in ("lat", "lng")}
            features.append({"type": "Feature", "geometry": {
                "type": "Point", "coordinates": [round(item["lng"], 6), round(item["lat"], 6)]},
                "properties": {"kind": kind, **properties}})
    return {"type": "FeatureCollection", "features": features}
