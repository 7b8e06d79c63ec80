"""Pins, walk observations, hot spots, walks and actions for maps, the lägesbild and GeoJSON.

Only approved pins are used (moderation comes first); survey places (``survey_places``) count
with them, labelled by their ``source``. Hot spots are the significant Getis–Ord Gi* clusters
of :func:`analysis.hotspots.hot_spots` (200 m cells, permutation p-values, Benjamini–Hochberg
false discovery rate 5 %); pins placed by area only are left out of them and counted per area
(no free text is shown with a hot spot).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from flask_babel import gettext as _
from sqlalchemy import select

from analysis.hotspots import LocalProjection, hot_spots
from surveyapp import numbers
from surveyapp.db import db
from surveyapp.dialogue.models import PinStatus
from surveyapp.geo.models import Area
from surveyapp.results.tables import MeasureTable


def approved_pins(area_codes: Sequence[str]) -> list[dict]:
    """Approved pins in the areas: position, category, area code, me-too count, source and
    whether placed by area only (``area_only``: the position is the area's interior point)."""
    from surveyapp.dialogue.models import Pin

    rows = db.session.execute(
        select(Pin.lat, Pin.lng, Pin.category, Area.code, Pin.me_too, Pin.source, Pin.area_only)
        .join(Area, Area.id == Pin.area_id)
        .where(Pin.status == PinStatus.APPROVED, Area.code.in_(list(area_codes))))
    return [{"lat": r[0], "lng": r[1], "category": r[2], "area": r[3], "me_too": r[4],
             "source": r[5], "area_only": bool(r[6])} for r in rows]


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


@dataclass(frozen=True)
class PlaceHotSpots:
    """The significant clusters (``spots``: ``lat``, ``lng``, ``pins`` — the places in the
    cluster's cells —, ``by_source``, ``cells``, ``z``, ``q``, ``density`` in places per km²)
    and the method as one translated paragraph to print next to the map."""

    spots: list[dict]
    method: str
    area_only: dict[str, int] = field(default_factory=dict)


SEED = 0  # a fixed seed: the same data give the same report


def hotspots(points: Sequence[dict]) -> PlaceHotSpots:
    """Significant hot spots of ``points`` (dialogue pins and survey places, ``source``
    telling which), strongest first; points with ``area_only`` are counted per area."""
    lat = np.array([p["lat"] for p in points], dtype=np.float64)
    lng = np.array([p["lng"] for p in points], dtype=np.float64)
    flags = np.array([bool(p.get("area_only")) for p in points], dtype=np.bool_)
    projection = LocalProjection.around(lat[~flags])
    x, y = projection.forward(lat, lng)
    result = hot_spots(x, y, area_only=flags, areas=[str(p.get("area") or "") for p in points],
                       seed=SEED)
    spots = []
    for cluster in result.clusters:
        spot_lat, spot_lng = projection.inverse(cluster.x, cluster.y)
        sources = Counter(str(points[i].get("source") or "dialogue") for i in cluster.members)
        spots.append({"lat": spot_lat, "lng": spot_lng, "pins": cluster.points,
                      "by_source": dict(sorted(sources.items())), "cells": cluster.cells,
                      "z": cluster.z_max, "q": cluster.q_min, "density": cluster.density_peak})
    method = _("Hot spots: Getis–Ord Gi* on a grid of %(cell)s m cells, each with its eight "
               "neighbours; one-sided p-values from %(permutations)s conditional permutations "
               "(seed %(seed)s); Benjamini–Hochberg false discovery rate %(fdr)s %%. Only "
               "significant clusters are shown (red rings).",
               cell=numbers.decimal(result.grid.cell, 0),
               permutations=numbers.decimal(result.permutations, 0), seed=SEED,
               fdr=numbers.decimal(100 * result.fdr, 0))
    if result.bandwidth is None:
        method += " " + _("Too few places for a density surface.")
    else:
        method += " " + _("Density: Gaussian kernel, bandwidth %(bandwidth)s m (Silverman's "
                          "rule).", bandwidth=numbers.decimal(result.bandwidth, 0))
    method += " " + _("%(n)s places known only by their area are not in these statistics; "
                      "they are counted per area in the table.",
                      n=sum(result.area_only.values()))
    return PlaceHotSpots(spots=spots, method=method, area_only=result.area_only)


def _multipolygon(geometry: dict) -> dict:
    """``geometry`` as a MultiPolygon (a Polygon becomes a MultiPolygon of one), so every
    feature of the areas file has one geometry type, as GIS layers need."""
    if geometry.get("type") == "Polygon":
        return {"type": "MultiPolygon", "coordinates": [geometry["coordinates"]]}
    return geometry


def area_collection(areas: Sequence[Area], indicator: MeasureTable) -> dict:
    """RFC 7946 FeatureCollection of the areas (each a MultiPolygon) with the indicator."""
    rows = {row["area"]: row for row in indicator.areas}
    features = []
    for area in areas:
        if not area.geometry:
            continue
        row = rows.get(area.code, {})
        features.append({"type": "Feature", "geometry": _multipolygon(area.geometry),
                         "properties": {
            "kind": "area", "code": area.code, "name": area.name,
            "indicator": indicator.measure.key, "n": row.get("n", 0),
            "estimate": row.get("estimate"), "ci_low": row.get("ci_low"),
            "ci_high": row.get("ci_high"), "suppressed": row.get("suppressed", True)}})
    return {"type": "FeatureCollection", "features": features}


def point_collection(pins: Sequence[dict], observed: Sequence[dict],
                     survey: Sequence[dict] = ()) -> dict:
    """RFC 7946 FeatureCollection of Points: pins, walk observations and survey places, told
    apart by ``kind`` (``pin``, ``observation``, ``survey_place`` with ``source`` ``survey``)."""
    features = []
    for kind, items in (("pin", pins), ("observation", observed), ("survey_place", survey)):
        for item in items:
            properties = {k: v for k, v in item.items() if k not in ("lat", "lng")}
            features.append({"type": "Feature", "geometry": {
                "type": "Point", "coordinates": [round(item["lng"], 6), round(item["lat"], 6)]},
                "properties": {"kind": kind, **properties}})
    return {"type": "FeatureCollection", "features": features}
