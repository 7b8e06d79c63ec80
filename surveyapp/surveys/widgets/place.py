"""The ``place`` widget: a list of areas, and a map to mark a point in the chosen one."""

from __future__ import annotations

from collections.abc import Collection

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from questionnaires import Question
from surveyapp.geo.services import area_contains
from surveyapp.surveys.widgets.base import PageAnswers, Widget


class PlaceWidget(Widget):
    """The area list works without JavaScript; the map only adds the optional point."""

    name = "place"
    uses_areas = True

    def read(self, question: Question, form: MultiDict, area_codes: Collection[str],
             result: PageAnswers, check_required: bool) -> None:
        """``{"area": code}``, with ``lat``/``lng`` when a point inside it was marked."""
        raw = result.posted(form, question, question.id, check_required,
                            _("Choose an area from the list."))
        if raw == "":
            return
        if raw not in area_codes:
            result.errors[question.id] = _("Choose an area from the list.")
            return
        result.values[question.id] = {"area": raw}
        if not question.stratum:  # where a resident lives is never stored as a point
            _read_point(question.id, raw, form, result)


def _read_point(variable: str, area_code: str, form: MultiDict, result: PageAnswers) -> None:
    """The optional map point (``<id>__lat``/``<id>__lng``); it must lie in the chosen area."""
    raw_lat, raw_lng = form.get(f"{variable}__lat", ""), form.get(f"{variable}__lng", "")
    result.raw[f"{variable}__lat"], result.raw[f"{variable}__lng"] = raw_lat, raw_lng
    if raw_lat == "" and raw_lng == "":
        return
    try:
        lat, lng = float(raw_lat), float(raw_lng)
    except ValueError:
        lat = lng = float("nan")
    if not (-90 <= lat <= 90 and -180 <= lng <= 180) or not area_contains(area_code, lat, lng):
        del result.values[variable]
        result.errors[variable] = _(
            "The place marked on the map is not in the chosen area. Mark it again or choose "
            "the area only."
        )
        return
    result.values[variable] = {"area": area_code, "lat": round(lat, 6), "lng": round(lng, 6)}
