"""The analysts' place picture as a folium map: the indicator choropleth and one layer per
source (dialogue pins, survey places, walk observations, partner reports, actions), a layer
control, a legend with the class breaks. The points are drawn by ``static/results/place_layers.js``
from compact rows, each layer in one canvas pass (no object per point), so that tens of
thousands of points stay interactive; every text in them is plain text (``textContent``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import folium
from branca.element import MacroElement
from flask import url_for
from flask_babel import gettext as _
from folium.template import Template
from markupsafe import escape

from surveyapp.geo.folium_maps import local_map, render_document
from surveyapp.geo.geometry import bounds
from surveyapp.geo.maps import tile_settings
from surveyapp.i18n import text_direction
from surveyapp.results import charts
from surveyapp.results.place_filter import PIN_TIMES, SOURCE_LABELS
from surveyapp.results.place_layers import PlaceLayers
from surveyapp.results.tables import MeasureTable

# source -> circle style (fill colours distinguishable in the common colour-vision deficiencies;
# the layer control and the popups name every layer, so nothing is told by colour alone)
STYLES = {
    "dialogue": {"radius": 4, "color": "#08306b", "weight": 1, "fill": "#2171b5", "opacity": 0.6},
    "survey": {"radius": 4, "color": "#7f2704", "weight": 1, "fill": "#f16913", "opacity": 0.6},
    "walk": {"radius": 6, "color": "#00441b", "weight": 2, "fill": "#41ab5d", "opacity": 0.8},
    "partner": {"radius": 12, "color": "#3f007d", "weight": 2, "fill": "#807dba", "opacity": 0.5},
    "action": {"radius": 8, "color": "#1b1b1b", "weight": 3, "fill": "#ffffff", "opacity": 0.9},
}


@dataclass(frozen=True)
class Labels:
    """Translated category, time-of-day and severity labels by code."""

    categories: dict[str, str]
    times: dict[str, str]
    partner_categories: dict[str, str]


class _Call(MacroElement):
    """One ``PlaceMap.<function>(...)`` call with JSON arguments, after its parent's set-up."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        PlaceMap.{{ this.function }}({{ this.target }}{% for a in this.arguments %},
            {{ a|tojson }}{% endfor %});
        {% endmacro %}
    """)

    def __init__(self, function: str, target: str, *arguments: object) -> None:
        super().__init__()
        self._name = "PlaceMapCall"
        self.function, self.target, self.arguments = function, target, arguments


def _round(value: float) -> float:
    return round(float(value), 5)


def _compact(rows: Sequence[dict], label_of, lines_of) -> dict:
    """``{"strings": [...], "rows": [[lat, lng, label, line, ...]]}``: every text (label and
    popup lines) is an index into ``strings``, so repeated dates and names are written once."""
    strings: list[str] = []
    index: dict[str, int] = {}

    def number(text: str) -> int:
        if text not in index:
            index[text] = len(strings)
            strings.append(text)
        return index[text]

    out = []
    for row in rows:
        lines = list(lines_of(row))
        while lines and not lines[-1]:
            lines.pop()
        out.append([_round(row["lat"]), _round(row["lng"]), number(label_of(row)),
                    *(number(line) for line in lines)])
    return {"strings": strings, "rows": out}


def point_layers(layers: PlaceLayers, labels: Labels, area_names: dict[str, str]
                 ) -> dict[str, dict]:
    """Compact rows per source, with the lines their popups show (approved text only); every
    label is translated once, not once per point."""
    times = {code: labels.times.get(time, "") for code, time in PIN_TIMES.items()}
    times["alltid"] = _("Any time of day")
    survey_label, partner_label = _("Marked as unsafe in the survey"), _("Partner reports")
    severity = {n: _("Severity %(n)s of 3", n=n) for n in (1, 2, 3)}
    return {
        "dialogue": _compact(
            layers.pins, lambda r: labels.categories.get(r["category"], r["category"]),
            lambda r: [r["date"], area_names.get(r["area"], ""), times.get(r["time_of_day"], ""),
                       r["place"], r["comment"]]),
        "survey": _compact(layers.survey, lambda r: survey_label,
                           lambda r: [area_names.get(r["area"], "")]),
        "walk": _compact(
            layers.observations, lambda r: labels.categories.get(r["category"], r["category"]),
            lambda r: [r["date"], area_names.get(r["area"], ""),
                       severity.get(r["severity"], str(r["severity"]))]),
        "partner": _compact(
            layers.partners, lambda r: partner_label,
            lambda r: [area_names.get(r["area"], ""),
                       _("Events reported: %(n)s", n=r["count_text"]), *r["notes"]]),
        "action": _compact(
            layers.actions, lambda r: r["title"],
            lambda r: [r["status"], r["actor"], area_names.get(r["area"], "")]),
    }


def class_legend(indicator: MeasureTable | None) -> tuple[list[float], list[dict]]:
    """The choropleth's class upper bounds (equal-width classes, :func:`charts.classes`) and
    the legend rows: colour and the range of each class, then "too few answers"."""
    if indicator is None:
        return [], []
    values = [row["estimate"] for row in indicator.areas]
    breaks = charts.classes(values)
    shown = [v for v in values if v is not None]
    rows = []
    low = min(shown) if shown else None
    for i, upper in enumerate(breaks):
        rows.append({"colour": _class_colour(i, breaks), "text": f"{charts.fmt(low, True)} – "
                                                                f"{charts.fmt(upper, True)}"})
        low = upper
    if any(v is None for v in values):
        rows.append({"colour": charts.NO_DATA, "text": _("Too few answers to show")})
    return breaks, rows


def _class_colour(index: int, breaks: list[float]) -> str:
    """The colour of class ``index`` (one class only: the middle colour)."""
    return charts.PALETTE[min(index, len(charts.PALETTE) - 1) if len(breaks) > 1 else 2]


def area_colour(estimate: float | None, breaks: list[float]) -> str:
    """The fill of an area: its class's colour, grey when suppressed (as the SVG maps)."""
    if estimate is None or not breaks:
        return charts.NO_DATA
    index = next((i for i, b in enumerate(breaks) if estimate <= b + 1e-12), len(breaks) - 1)
    return _class_colour(index, breaks)


def _area_features(areas, indicator: MeasureTable | None, breaks: list[float]) -> dict:
    rows = {row["area"]: row for row in (indicator.areas if indicator else [])}
    features = []
    for area in areas:
        if not area.geometry:
            continue
        estimate = rows.get(area.code, {}).get("estimate")
        value = charts.fmt(estimate, True) if estimate is not None else _("too few answers")
        features.append({"type": "Feature", "geometry": area.geometry, "properties": {
            "code": area.code, "name": str(escape(area.name)), "value": str(escape(value)),
            "colour": area_colour(estimate, breaks)}})
    return {"type": "FeatureCollection", "features": features}


def build_map(areas, indicator: MeasureTable | None, layers: PlaceLayers, labels: Labels,
              language: str) -> str:
    """The place map as one HTML document (local assets only; see
    :mod:`surveyapp.geo.folium_maps` for the CSP and the standalone file)."""
    box = bounds(a.geometry for a in areas if a.geometry)
    centre = [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2] if box else [59.33, 18.06]
    fmap = local_map(scripts=[url_for("static", filename="results/place_layers.js")],
                     styles=[url_for("static", filename="results/place_map.css")],
                     location=centre, zoom_start=12, prefer_canvas=True, control_scale=True)
    tiles = tile_settings()
    if tiles["url"]:
        folium.TileLayer(tiles=tiles["url"], attr=tiles["attribution"], name=_("Background map"),
                         control=False, max_zoom=19).add_to(fmap)
    breaks, legend_rows = class_legend(indicator)
    title = indicator.measure.label if indicator else _("Areas")
    folium.GeoJson(
        _area_features(areas, indicator, breaks), name=_("Indicator by area"),
        style_function=lambda feature: {"fillColor": feature["properties"]["colour"],
                                        "color": "#1b1b1b", "weight": 1.5, "fillOpacity": 0.6},
        tooltip=folium.GeoJsonTooltip(fields=["name", "value"],
                                      aliases=[_("Area"), _("Estimate")]),
    ).add_to(fmap)
    area_names = {area.code: area.name for area in areas}
    for source, data in point_layers(layers, labels, area_names).items():
        if not data["rows"]:
            continue
        name = f"{SOURCE_LABELS[source]} ({len(data['rows'])})"
        group = folium.FeatureGroup(name=name).add_to(fmap)
        group.add_child(_Call("points", group.get_name(), data, STYLES[source]))
    folium.LayerControl(collapsed=False).add_to(fmap)
    legend = {"title": title, "classes": legend_rows,
              "points": [{"colour": STYLES[s]["fill"], "text": str(SOURCE_LABELS[s])}
                         for s in STYLES],
              "note": _("Equal-width classes of the estimate; areas with too few answers are "
                        "grey.") if legend_rows else ""}
    fmap.add_child(_Call("legend", fmap.get_name(), legend))
    fit = [[box[0], box[1]], [box[2], box[3]]] if box else None
    fmap.add_child(_Call("ready", fmap.get_name(), fit))
    return render_document(fmap, _("Place map: %(title)s", title=title), language,
                           text_direction(language))
