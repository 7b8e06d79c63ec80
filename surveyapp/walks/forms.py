"""Reading and checking the walk and observation forms. Nothing is stored here.

Each reader returns the cleaned values and a dict of translated error messages by field name;
a form with any error is shown again and nothing is written.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from questionnaires.input_limits import InputTooComplex, load_json
from surveyapp.inputs import whole_number
from surveyapp.text import clean_text
from surveyapp.walks.categories import category_codes
from surveyapp.walks.labels import checklist_label
from surveyapp.walks.models import CHECKLIST, SCORES, SEVERITIES, Light

DESCRIPTION_MAX = 2000
PROPOSAL_MAX = 2000
PLACE_MAX = 500
MEETING_POINT_MAX = 300
ROUTE_MAX = 100_000


@dataclass
class FormResult:
    """Cleaned values and error messages of a submitted form."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Whether the form can be saved."""
        return not self.errors


def _text(form: MultiDict, name: str) -> str:
    return clean_text(form.get(name) or "")


def _too_long(length: int, limit: int) -> str:
    return _("The text is too long: %(length)s characters, at most %(limit)s.",
             length=length, limit=limit)


def _coordinate(typed: str, low: float, high: float) -> float | None:
    try:
        value = float(typed.replace(",", "."))
    except ValueError:
        return None
    if not math.isfinite(value) or not low <= value <= high:
        return None
    return round(value, 6)


def score_field(parameter: str) -> str:
    """The form field of a checklist parameter's score."""
    return f"score_{parameter}"


def read_observation(form: MultiDict) -> FormResult:
    """Check a participant's observation: category, description, severity, place, proposal,
    the optional checklist scores (1–5 per parameter) and the light."""
    names = ("category", "description", "severity", "proposal", "place_description", "lat", "lng",
             "light", *(score_field(parameter) for parameter in CHECKLIST))
    result = FormResult(raw={name: _text(form, name) for name in names})
    raw = result.raw
    if raw["category"] not in category_codes():
        result.errors["category"] = _("Choose a category from the list.")
    else:
        result.values["category"] = raw["category"]
    _limited(result, "description", DESCRIPTION_MAX, required=True,
             missing=_("Describe what you noticed."))
    _limited(result, "proposal", PROPOSAL_MAX)
    _limited(result, "place_description", PLACE_MAX)
    if raw["severity"] not in {str(level) for level in SEVERITIES}:
        result.errors["severity"] = _("Choose how serious it is.")
    else:
        result.values["severity"] = int(raw["severity"])
    _read_position(result)
    _read_checklist(result)
    return result


def _read_checklist(result: FormResult) -> None:
    """Scores of the parameters the participant scored (an empty answer is "not scored")."""
    scores: dict[str, int] = {}
    allowed = {str(score) for score in SCORES}
    for parameter in CHECKLIST:
        typed = result.raw[score_field(parameter)]
        if not typed:
            continue
        if typed not in allowed:
            result.errors[score_field(parameter)] = _(
                "%(parameter)s: choose a score from 1 to 5, or leave it unscored.",
                parameter=checklist_label(parameter))
            continue
        scores[parameter] = int(typed)
    result.values["scores"] = scores
    light = result.raw["light"]
    if light and light not in {item.value for item in Light}:
        result.errors["light"] = _("Choose daylight, dusk or dark.")
    else:
        result.values["light"] = light or None


def _limited(result: FormResult, name: str, limit: int, required: bool = False,
             missing: str = "") -> None:
    value = result.raw[name]
    if required and not value:
        result.errors[name] = missing
    elif len(value) > limit:
        result.errors[name] = _too_long(len(value), limit)
    else:
        result.values[name] = value


def _read_position(result: FormResult) -> None:
    typed_lat, typed_lng = result.raw["lat"], result.raw["lng"]
    if not typed_lat and not typed_lng:
        result.values["lat"] = result.values["lng"] = None
        if not result.raw["place_description"] and "place_description" not in result.errors:
            result.errors["place_description"] = _(
                "Describe the place, or use your location.")
        return
    lat = _coordinate(typed_lat, -90.0, 90.0)
    lng = _coordinate(typed_lng, -180.0, 180.0)
    if lat is None or lng is None:
        result.errors["position"] = _(
            "The position is not valid: latitude must be between -90 and 90 and longitude "
            "between -180 and 180.")
        return
    result.values["lat"], result.values["lng"] = lat, lng


def read_walk(form: MultiDict, area_ids: set[int]) -> FormResult:
    """Check the leader's walk form: area, date, meeting point and an optional route."""
    result = FormResult(raw={name: _text(form, name) for name in (
        "area", "date", "meeting_point", "route")})
    raw = result.raw
    area_id = whole_number(raw["area"])
    if area_id not in area_ids:
        result.errors["area"] = _("Choose an area from the list.")
    else:
        result.values["area_id"] = area_id
    try:
        result.values["date"] = date.fromisoformat(raw["date"])
    except ValueError:
        result.errors["date"] = _("Write the date as YYYY-MM-DD.")
    _limited(result, "meeting_point", MEETING_POINT_MAX, required=True,
             missing=_("Write where the walk starts."))
    route, error = read_route(raw["route"])
    if error:
        result.errors["route"] = error
    result.values["route"] = route
    return result


def read_route(typed: str) -> tuple[dict[str, Any] | None, str | None]:
    """An optional route: a GeoJSON LineString (WGS84, [lng, lat]) or nothing."""
    if not typed:
        return None, None
    if len(typed) > ROUTE_MAX:
        return None, _too_long(len(typed), ROUTE_MAX)
    invalid = _("The route must be a GeoJSON LineString with [longitude, latitude] positions.")
    try:
        route = load_json(typed)
    except (ValueError, InputTooComplex):
        return None, invalid
    if isinstance(route, dict) and route.get("type") == "Feature":
        route = route.get("geometry")
    if not isinstance(route, dict) or route.get("type") != "LineString":
        return None, invalid
    positions = route.get("coordinates")
    if not isinstance(positions, list) or len(positions) < 2:
        return None, invalid
    clean = []
    for position in positions:
        if not (isinstance(position, list) and len(position) in (2, 3)
                and all(isinstance(n, int | float) and not isinstance(n, bool)
                        for n in position)):
            return None, invalid
        lng, lat = float(position[0]), float(position[1])
        if not (-180 <= lng <= 180 and -90 <= lat <= 90):
            return None, invalid
        clean.append([round(lng, 6), round(lat, 6)])
    return {"type": "LineString", "coordinates": clean}, None
