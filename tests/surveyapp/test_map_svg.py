"""The printable report's SVG map: a legend stating the class breaks and the symbols, a scale
bar of the right length and a north arrow."""

from __future__ import annotations

import math
import re

import pytest
from flask_babel import force_locale

from surveyapp.results import charts


def square(west: float, south: float, side: float) -> dict:
    """A square polygon (degrees)."""
    ring = [[west, south], [west + side, south], [west + side, south + side],
            [west, south + side], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


AREAS = [("A", "Norr", square(14.0, 57.0, 0.05)), ("B", "Syd", square(14.05, 57.0, 0.05)),
         ("C", "Väst", square(14.1, 57.0, 0.05))]


def draw(values: dict, **layers) -> str:
    return str(charts.area_map(AREAS, values, "Otrygga", "desc", True, **layers))


def test_the_legend_states_every_class_break_and_the_symbols(app):
    with app.test_request_context(), force_locale("en"):
        svg = draw({"A": 0.10, "B": 0.20, "C": None}, pins=[(57.02, 14.02)],
                   hotspots=[{"lat": 57.02, "lng": 14.02}], survey=[(57.03, 14.03)])
    legend = svg.split('<g class="legend">', 1)[1].split("</g>", 1)[0]
    labels = [t.replace("\xa0", " ") for t in re.findall(r'<text x="44"[^>]*>([^<]*)</text>',
                                                          legend)]
    # five equal-width classes from 10 % to 20 %, then no data and the three symbols
    assert labels[:5] == ["10.0 % – 12.0 %", "12.0 % – 14.0 %", "14.0 % – 16.0 %",
                          "16.0 % – 18.0 %", "18.0 % – 20.0 %"]
    assert labels[5:] == ["no figure (too few answers or no data)", "approved pin",
                          "place marked as unsafe in the survey", "significant hot spot"]
    swatches = re.findall(r'<rect x="20" y="[\d.]+" width="16" height="12" fill="(#\w+)"',
                          legend)
    assert swatches == [*charts.PALETTE, charts.NO_DATA]
    assert "Legend: Otrygga" in legend


def test_without_layers_the_legend_has_no_symbols_and_no_no_data_row(app):
    with app.test_request_context(), force_locale("en"):
        svg = draw({"A": 0.1, "B": 0.1, "C": 0.1})
    legend = svg.split('<g class="legend">', 1)[1].split("</g>", 1)[0]
    assert re.findall(r'<text x="44"[^>]*>([^<]*)</text>', legend) == ["10.0\xa0%"]


@pytest.mark.parametrize("metres_per_px, expected", [(1.0, 100), (9.0, 1000), (20.0, 2000),
                                                      (40.0, 2000), (45.0, 5000)])
def test_scale_lengths_are_round(metres_per_px, expected):
    assert charts.scale_length(metres_per_px) == expected


def test_the_scale_bar_measures_what_it_says_and_north_is_up(app):
    with app.test_request_context(), force_locale("sv"):
        svg = draw({"A": 0.1, "B": 0.2, "C": 0.3})
    bar = svg.split('<g class="scale-bar">', 1)[1].split("</g>", 1)[0]
    length_px = float(re.search(r"v6h([\d.]+)v-6", bar)[1])
    label = re.search(r">([^<]+)</text>", bar)[1]
    number, unit = label.replace("\xa0", " ").rsplit(" ", 1)
    metres = float(number.replace(",", ".")) * (1000 if unit == "km" else 1)
    # the map's scale: 0.15° of longitude (at 57.025° N) fill the width less 40 px
    width = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg)[1])
    kx = math.cos(math.radians(57.025))
    metres_per_px = 0.15 * kx * math.radians(1) * 6_371_008.8 / (width - 40)
    assert length_px * metres_per_px == pytest.approx(metres, rel=0.01)
    arrow = svg.split('<g class="north-arrow">', 1)[1].split("</g>", 1)[0]
    assert re.search(r'<path d="M[\d.]+ 16l8 26l-8 -6l-8 6z"', arrow)  # tip at the top
    assert ">N</text>" in arrow
