"""Reading the add-pin form: every field checked, all problems reported at once."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from flask_babel import gettext as _

from questionnaires.categories import DialogueVocabulary, dialogue_vocabulary
from surveyapp.dialogue.models import COMMENT_MAX_LENGTH
from surveyapp.text import clean_text

DESCRIPTION_MAX_LENGTH = 200


@dataclass
class PinForm:
    """The cleaned values of an add-pin form and the errors per field."""

    category: str = ""
    time_of_day: str | None = None
    area_code: str | None = None
    lat: float | None = None
    lng: float | None = None
    place_description: str | None = None
    comment: str | None = None
    errors: dict[str, str] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)


def _coordinate(raw: str, low: float, high: float) -> float | None:
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if math.isfinite(value) and low <= value <= high else None


def _text(form: PinForm, name: str, raw: str, limit: int) -> str | None:
    text = clean_text(raw)
    if len(text) > limit:
        form.errors[name] = _(
            "The text is too long: %(length)s characters, at most %(limit)s.",
            length=len(text),
            limit=limit,
        )
    return text or None


def read_pin_form(data, vocabulary: DialogueVocabulary | None = None) -> PinForm:
    """Check the posted fields (``data`` is a MultiDict-like mapping) against the dialogue's
    categories (``vocabulary``, the bundled ones by default)."""
    vocabulary = vocabulary or dialogue_vocabulary()
    form = PinForm(raw={key: str(data.get(key, "")) for key in (
        "category", "time_of_day", "area", "lat", "lng", "place_description", "comment")})
    raw = form.raw
    form.category = raw["category"]
    if vocabulary.category(form.category) is None:
        form.errors["category"] = _("Choose a category from the list.")
    if raw["time_of_day"]:
        if vocabulary.time_of_day(raw["time_of_day"]) is None:
            form.errors["time_of_day"] = _("Choose a time of day from the list.")
        else:
            form.time_of_day = raw["time_of_day"]
    form.area_code = raw["area"] or None
    if raw["lat"] or raw["lng"]:
        form.lat = _coordinate(raw["lat"], -90, 90)
        form.lng = _coordinate(raw["lng"], -180, 180)
        if form.lat is None or form.lng is None:
            form.errors["position"] = _(
                "The position on the map is not valid. Mark the place again or choose an area."
            )
    elif form.area_code is None:
        form.errors["position"] = _("Mark the place on the map or choose an area from the list.")
    form.place_description = _text(
        form, "place_description", raw["place_description"], DESCRIPTION_MAX_LENGTH
    )
    form.comment = _text(form, "comment", raw["comment"], COMMENT_MAX_LENGTH)
    return form
