"""The public map at scale: approved pins aggregated on a grid for zoomed-out views, points only
for the visible extent, and a version (ETag) that changes whenever what the map shows changes.

``pins.json`` of a dialogue with 200 000 pins is ~6 MB; on a phone on 3G that is a minute of
download before anything shows. A zoomed-out view instead gets one row per occupied grid cell
(cells of ``CELL_PX`` screen pixels at the view's zoom in Web Mercator, the tiles' projection)
in the view, and a zoomed-in view the points in its extent while they are at most
``MAP_POINTS_LIMIT`` (the counting is ``analysis.map_grid``). The pins are read once per
version and process (numpy arrays), so moving the map costs no query beyond the version check.
"""

from __future__ import annotations

import hashlib
import math
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from sqlalchemy import ColumnElement, and_, case, func, select

from analysis.map_grid import cell_counts
from surveyapp.db import db
from surveyapp.dialogue.categories import vocabulary_for
from surveyapp.dialogue.models import Dialogue, Pin, PinStatus

CELL_PX = 64
MAX_ZOOM = 22
_CACHE: OrderedDict[tuple[int, str, tuple[str, ...]], PinArrays] = OrderedDict()
_CACHE_SIZE = 8


class BadView(ValueError):
    """A ``bbox`` or ``zoom`` parameter that is not a view of the map."""


@dataclass(frozen=True)
class PinArrays:
    """A dialogue's approved pins as columns, in id order."""

    ids: np.ndarray
    lat: np.ndarray
    lng: np.ndarray
    category: np.ndarray  # index into ``codes``
    me_too: np.ndarray
    has_comment: np.ndarray
    codes: tuple[str, ...]


def _has_comment() -> ColumnElement[bool]:
    return and_(Pin.comment.is_not(None), Pin.comment != "")


def pins_version(dialogue: Dialogue) -> str:
    """A digest of what the map shows of the approved pins — which pins (ids, positions,
    categories), their "me too" counts and which have a comment: changes with every approval,
    rejection, erasure of a text and "me too", and when a deleted pin's id is used again."""
    commented = func.sum(case((_has_comment(), Pin.id), else_=0))
    row = db.session.execute(
        select(func.count(), func.sum(Pin.id), func.sum(Pin.me_too), func.max(Pin.id),
               commented, func.sum(Pin.lat), func.sum(Pin.lng),
               func.sum(Pin.id * func.length(Pin.category)))
        .where(Pin.dialogue_id == dialogue.id, Pin.status == PinStatus.APPROVED)
    ).one()
    return hashlib.sha256(f"{dialogue.id}:{tuple(row)}".encode()).hexdigest()[:20]


def pin_arrays(dialogue: Dialogue, version: str) -> PinArrays:
    """The approved pins of ``dialogue`` at ``version`` (read once per process and category
    list: a changed vocabulary changes the indices)."""
    codes = tuple(item.code for item in vocabulary_for(dialogue).categories)
    key = (dialogue.id, version, codes)
    cached = _CACHE.get(key)
    if cached is not None:
        _CACHE.move_to_end(key)
        return cached
    rows = db.session.execute(
        select(Pin.id, Pin.lat, Pin.lng, Pin.category, Pin.me_too, _has_comment())
        .where(Pin.dialogue_id == dialogue.id, Pin.status == PinStatus.APPROVED)
        .order_by(Pin.id)
    ).all()
    index = {code: number for number, code in enumerate(codes)}
    columns = list(zip(*rows, strict=True)) if rows else [()] * 6
    arrays = PinArrays(
        ids=np.asarray(columns[0], dtype=np.int64),
        lat=np.asarray(columns[1], dtype=np.float64),
        lng=np.asarray(columns[2], dtype=np.float64),
        category=np.asarray([index.get(c, len(codes) - 1) for c in columns[3]], dtype=np.int64),
        me_too=np.asarray(columns[4], dtype=np.int64),
        has_comment=np.asarray(columns[5], dtype=bool),
        codes=codes,
    )
    _CACHE[key] = arrays
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return arrays


def parse_bbox(raw: str) -> tuple[float, float, float, float]:
    """``west,south,east,north`` in degrees (WGS84), as Leaflet's ``toBBoxString`` gives it."""
    try:
        west, south, east, north = (float(part) for part in raw.split(","))
    except ValueError:
        raise BadView("bbox must be west,south,east,north in degrees") from None
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        raise BadView("bbox must be finite")
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise BadView("bbox must lie within -180..180, -90..90 with west <= east, south <= north")
    return west, south, east, north


def parse_zoom(raw: str) -> int:
    """A map zoom level 0–22."""
    try:
        zoom = int(raw)
    except ValueError:
        raise BadView("zoom must be a whole number") from None
    if not 0 <= zoom <= MAX_ZOOM:
        raise BadView(f"zoom must be 0–{MAX_ZOOM}")
    return zoom


def in_view(pins: PinArrays, bbox: tuple[float, float, float, float] | None) -> np.ndarray:
    """Which pins lie inside ``bbox`` (all when None), as a mask for the functions below."""
    if bbox is None:
        return np.ones(len(pins.ids), dtype=bool)
    west, south, east, north = bbox
    return (pins.lng >= west) & (pins.lng <= east) & (pins.lat >= south) & (pins.lat <= north)


def grid_cells(pins: PinArrays, zoom: int, chosen: np.ndarray) -> list[list[float | int]]:
    """``[lat, lng, count]`` per occupied cell (``CELL_PX`` pixels square at ``zoom``) of the
    ``chosen`` pins, at the mean position of its pins; by count, largest first."""
    mean_lat, mean_lng, counts = cell_counts(pins.lat[chosen], pins.lng[chosen], zoom, CELL_PX)
    return [[round(float(a), 5), round(float(b), 5), int(n)]
            for a, b, n in zip(mean_lat, mean_lng, counts, strict=True)]


def compact_rows(pins: PinArrays, chosen: np.ndarray) -> list[list[float | int]]:
    """The ``chosen`` pins as the map's compact rows ``[id, lat, lng, category index, me too,
    has comment]``."""
    return [
        [int(pin_id), round(float(lat), 5), round(float(lng), 5), int(category), int(me_too),
         int(comment)]
        for pin_id, lat, lng, category, me_too, comment in zip(
            pins.ids[chosen], pins.lat[chosen], pins.lng[chosen], pins.category[chosen],
            pins.me_too[chosen], pins.has_comment[chosen], strict=True)
    ]
