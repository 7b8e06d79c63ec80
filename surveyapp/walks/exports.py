"""A walk's observations as GeoJSON (RFC 7946) and as CSV for Excel.

GeoJSON: a ``FeatureCollection`` in WGS84 with ``[longitude, latitude]`` positions (6 decimals,
about 0.1 m), no ``crs`` member, one geometry type per file, as a GIS layer needs. The
observations file holds each observation as a ``Feature`` with a ``Point``, or with
``geometry: null`` when the participant described the place instead of giving a position
(RFC 7946 section 3.2; GIS tools read it as a point without a position). The walk's route, when
given, is a file of its own (:func:`route_geojson`, one ``LineString`` feature with
``kind: "route"``).

CSV in a :mod:`surveyapp.csv_dialects` dialect (by default Excel with Swedish settings: UTF-8
with a byte-order mark, ``;`` as separator, decimal comma in ``lat``/``lng``; ``?format=rfc4180``
for plain RFC 4180), one row per observation, columns:

===================  =====================================================================
``observation_id``   the observation's id (unique across walks; links to actions)
``walk_id``          the walk's number
``walk_date``        the walk's date, YYYY-MM-DD
``area_code``        code of the walk's area
``area_name``        name of the walk's area
``category``         category code (``questionnaires/library/dialogue_categories.yaml``)
``category_label``   the category in the language of the download
``severity``         1 = minor, 2 = serious, 3 = very serious
``description``      what the participant noticed
``proposal``         the participant's proposal for a fix
``place_description`` the place in words (may be empty when there is a position)
``lat``              latitude, WGS84 (empty without a position)
``lng``              longitude, WGS84 (empty without a position)
``number``           the observation's number within its walk (1, 2, ...; as on the protocol map)
``observed_at``      when it was saved, UTC, YYYY-MM-DDTHH:MM (empty for older observations)
``light``            ``daylight``, ``dusk`` or ``dark`` (empty when not given)
``score_<name>``     checklist score 1 (very poor) to 5 (very good), empty when not scored; one
                     column per parameter of ``surveyapp.walks.models.CHECKLIST``: lighting,
                     visibility, openness, people, upkeep, wayfinding, ways_out, transport,
                     feeling
===================  =====================================================================

In GeoJSON the same values are the properties ``number``, ``observed_at``, ``light`` and
``scores`` (an object with the scored parameters only).

Text that a spreadsheet could run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return) gets a leading ``'``
(:func:`questionnaires.spreadsheet_cells.neutralise_formula`).
"""

from __future__ import annotations

from typing import Any

from questionnaires.spreadsheet_cells import neutralise_formula
from surveyapp.csv_dialects import DEFAULT, CsvDialect, CsvWriter
from surveyapp.walks.categories import category_label
from surveyapp.walks.models import CHECKLIST, Observation, Walk

CSV_COLUMNS = (
    "observation_id", "walk_id", "walk_date", "area_code", "area_name", "category",
    "category_label", "severity", "description", "proposal", "place_description", "lat", "lng",
    "number", "observed_at", "light", *(f"score_{parameter}" for parameter in CHECKLIST),
)


def _time(observation: Observation) -> str | None:
    if observation.observed_at is None:
        return None
    return observation.observed_at.strftime("%Y-%m-%dT%H:%M")


def observation_feature(observation: Observation, language: str) -> dict[str, Any]:
    """One observation as a GeoJSON Feature (``geometry`` is null without a position)."""
    geometry = None
    if observation.has_position:
        geometry = {"type": "Point", "coordinates": [observation.lng, observation.lat]}
    return {
        "type": "Feature",
        "id": observation.id,
        "geometry": geometry,
        "properties": {
            "kind": "observation",
            "number": observation.number,
            "walk_id": observation.walk_id,
            "category": observation.category,
            "category_label": category_label(observation.category, language),
            "severity": observation.severity,
            "description": observation.description,
            "proposal": observation.proposal,
            "place_description": observation.place_description,
            "observed_at": _time(observation),
            "light": observation.light,
            "scores": dict(observation.scores or {}),
        },
    }


def walk_geojson(walk: Walk, language: str) -> dict[str, Any]:
    """The walk's observations as a GeoJSON FeatureCollection (Points, or null without a
    position)."""
    features = [observation_feature(item, language) for item in walk.observations]
    return {"type": "FeatureCollection", "features": features}


def route_geojson(walk: Walk) -> dict[str, Any]:
    """The walk's route as a GeoJSON FeatureCollection (no feature when no route was drawn)."""
    features = []
    if walk.route:
        features.append({
            "type": "Feature",
            "id": f"route-{walk.id}",
            "geometry": walk.route,
            "properties": {"kind": "route", "walk_id": walk.id},
        })
    return {"type": "FeatureCollection", "features": features}


def _cell(value: Any) -> Any:
    return "" if value is None else neutralise_formula(value)


def walk_csv(walk: Walk, language: str, dialect: CsvDialect = DEFAULT) -> str:
    """The walk's observations as CSV text."""
    writer = CsvWriter(dialect)
    writer.row(CSV_COLUMNS)
    for item in walk.observations:
        scores = item.scores or {}
        writer.row([_cell(value) for value in (
            item.id, walk.id, walk.date.isoformat(), walk.area.code, walk.area.name,
            item.category, category_label(item.category, language), item.severity,
            item.description, item.proposal, item.place_description, item.lat, item.lng,
            item.number, _time(item), item.light,
            *(scores.get(parameter) for parameter in CHECKLIST),
        )])
    return writer.take()
