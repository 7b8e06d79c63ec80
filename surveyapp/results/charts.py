"""Charts and maps as inline SVG generated on the server: no JavaScript, printable, CSP-safe.

Every chart has ``role="img"`` with a ``<title>`` and ``<desc>``; the pages put a data table
next to it. Colours are SVG presentation attributes (not ``style=""``), values are also written
as text, so nothing is told by colour alone. Maps project WGS84 to the plane with longitudes
scaled by cos(latitude), enough for a municipality.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from html import escape
from itertools import count

from flask_babel import gettext as _
from markupsafe import Markup

from surveyapp import numbers
from surveyapp.geo.geometry import bounds, interior_point, polygons

PALETTE = ("#fdd0a2", "#fdae6b", "#fd8d3c", "#e6550d", "#a63603")
NO_DATA = "#d9d9d9"
_ids = count(1)


def fmt(value: float | None, percent: bool) -> str:
    """A figure as printed everywhere: per cent with one decimal, or two decimals."""
    return numbers.percent(value) if percent else numbers.decimal(value)


def diff(value: float | None, percent: bool) -> str:
    """A difference: signed, in percentage points for shares."""
    if value is None:
        return "–"
    if percent:
        return numbers.decimal(100 * value, 1, signed=True) + " " + _("percentage points")
    return numbers.decimal(value, 2, signed=True)


def _open(width: int, height: int, title: str, desc: str, kind: str = "chart"
          ) -> tuple[str, str]:
    uid = f"chart{next(_ids)}"
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="100%" role="img" aria-labelledby="{uid}-t {uid}-d" class="{kind}">'
            f'<title id="{uid}-t">{escape(title)}</title><desc id="{uid}-d">{escape(desc)}</desc>')
    return head, uid


def bar_chart(rows: Sequence[dict], title: str, desc: str, percent: bool,
              suppressed_text: str) -> Markup:
    """Horizontal bars with 95 % CI whiskers, one per row (``name``, ``estimate``, CI), over a
    value axis with five ticks (0 to the scale's maximum) and light grid lines."""
    width, left, bar_h, gap, axis = 640, 170, 18, 10, 26
    height = 30 + len(rows) * (bar_h + gap) + axis
    top = max([r["ci_high"] or r["estimate"] or 0 for r in rows] + [1e-9])
    scale_max = 1.0 if percent and top > 0.5 else (0.5 if percent else math.ceil(top))
    plot = width - left - 70
    head, _uid = _open(width, height, title, desc)
    parts = [head]

    def x_of(value: float) -> float:
        return left + plot * min(max(value, 0) / scale_max, 1.0)

    for i, row in enumerate(rows):
        y = 20 + i * (bar_h + gap)
        parts.append(f'<text x="{left - 8}" y="{y + 13}" text-anchor="end" font-size="13">'
                     f'{escape(row["name"])}</text>')
        if row["estimate"] is None:
            parts.append(f'<text x="{left + 4}" y="{y + 13}" font-size="12" fill="#4a4a4a">'
                         f'{escape(suppressed_text)}</text>')
            continue
        parts.append(f'<rect x="{left}" y="{y}" width="{x_of(row["estimate"]) - left:.1f}" '
                     f'height="{bar_h}" fill="{PALETTE[2]}"/>')
        hi = x_of(row["estimate"])
        if row["ci_low"] is not None and row["ci_high"] is not None:  # else: no interval
            lo, hi = x_of(row["ci_low"]), x_of(row["ci_high"])
            mid = y + bar_h / 2
            parts.append(f'<path d="M{lo:.1f} {mid}H{hi:.1f}M{lo:.1f} {mid - 5}V{mid + 5}'
                         f'M{hi:.1f} {mid - 5}V{mid + 5}" stroke="#1b1b1b" stroke-width="1.5"/>')
        parts.append(f'<text x="{hi + 6:.1f}" y="{y + 13}" font-size="12">'
                     f'{escape(fmt(row["estimate"], percent))}</text>')
    base = height - axis - 4
    for k in range(5):  # the value axis: ticks, labels and grid lines under the bars
        x = x_of(scale_max * k / 4)
        parts.insert(1, f'<path d="M{x:.1f} 12V{base}" stroke="#e3e3e3"/>')
        parts.append(f'<path d="M{x:.1f} {base}v5" stroke="#555"/><text x="{x:.1f}" '
                     f'y="{base + 18}" text-anchor="middle" font-size="11" class="axis">'
                     f'{escape(fmt(scale_max * k / 4, percent))}</text>')
    parts.append(f'<path d="M{left} 12V{base}H{x_of(scale_max):.1f}" stroke="#555" '
                 f'fill="none"/></svg>')
    return Markup("".join(parts))


def trend_chart(points: Sequence, title: str, desc: str, percent: bool) -> Markup:
    """Line of the estimate over the years with the 95 % CI as a shaded band."""
    width, height, pad = 640, 260, 50
    shown = [p for p in points if p.estimate is not None]
    head, _uid = _open(width, height, title, desc)
    parts = [head]
    if not shown:
        return Markup(head + "</svg>")
    years = [p.year for p in points]
    y_min, y_max = min(years), max(years)
    # a point without an interval (cannot be estimated) spans only its estimate
    highs = [p.ci_high if p.ci_high is not None else p.estimate for p in shown]
    lows = [p.ci_low if p.ci_low is not None else p.estimate for p in shown]
    top = max(highs)
    scale_max = (min(1.0, math.ceil(top * 10) / 10) if percent else math.ceil(top)) or 1.0

    def x_of(year: int) -> float:
        return pad + (width - 2 * pad) * ((year - y_min) / (y_max - y_min) if y_max > y_min
                                          else 0.5)

    def y_of(value: float) -> float:
        return height - pad + 10 - (height - pad - 10) * value / scale_max

    for k in range(5):
        v = scale_max * k / 4
        parts.append(f'<path d="M{pad} {y_of(v):.1f}H{width - pad}" stroke="#ddd"/>'
                     f'<text x="{pad - 6}" y="{y_of(v) + 4:.1f}" text-anchor="end" '
                     f'font-size="11">{escape(fmt(v, percent))}</text>')
    band = ([f"{x_of(p.year):.1f},{y_of(h):.1f}" for p, h in zip(shown, highs, strict=True)]
            + [f"{x_of(p.year):.1f},{y_of(lo):.1f}"
               for p, lo in reversed(list(zip(shown, lows, strict=True)))])
    parts.append(f'<polygon points="{" ".join(band)}" fill="{PALETTE[0]}" '
                 f'fill-opacity="0.7"/>')
    line = " ".join(f"{x_of(p.year):.1f},{y_of(p.estimate):.1f}" for p in shown)
    parts.append(f'<polyline points="{line}" fill="none" stroke="{PALETTE[4]}" '
                 f'stroke-width="2.5"/>')
    for p in shown:
        parts.append(f'<circle cx="{x_of(p.year):.1f}" cy="{y_of(p.estimate):.1f}" r="4" '
                     f'fill="{PALETTE[4]}"/><text x="{x_of(p.year):.1f}" '
                     f'y="{y_of(p.estimate) - 10:.1f}" text-anchor="middle" font-size="12">'
                     f'{escape(fmt(p.estimate, percent))}</text>')
    for year in years:
        parts.append(f'<text x="{x_of(year):.1f}" y="{height - 12}" text-anchor="middle" '
                     f'font-size="12">{year}</text>')
    return Markup("".join(parts) + "</svg>")


def classes(values: Iterable[float | None]) -> list[float]:
    """Upper bounds of up to five equal-width classes over the shown values."""
    shown = [v for v in values if v is not None]
    if not shown:
        return []
    low, high = min(shown), max(shown)
    if high - low < 1e-12:
        return [high]
    return [low + (high - low) * k / 5 for k in range(1, 6)]


def _colour(value: float | None, bounds_: list[float]) -> str:
    if value is None:
        return NO_DATA
    index = next((i for i, b in enumerate(bounds_) if value <= b + 1e-12), len(bounds_) - 1)
    return PALETTE[min(index, len(PALETTE) - 1) if len(bounds_) > 1 else 2]


def class_labels(bounds_: list[float], low: float, percent: bool) -> list[str]:
    """The range of each class as printed in a legend ("12,0 % – 15,5 %"); none without data."""
    if not bounds_:
        return []
    if len(bounds_) == 1:
        return [fmt(bounds_[0], percent)]
    lows = [low, *bounds_[:-1]]
    return [f"{fmt(a, percent)} – {fmt(b, percent)}" for a, b in zip(lows, bounds_, strict=True)]


def scale_length(metres_per_px: float, target_px: float = 120) -> float:
    """A round length (1, 2 or 5 × 10ⁿ metres) close to ``target_px`` on the map."""
    wanted = metres_per_px * target_px
    power = 10 ** math.floor(math.log10(wanted))
    return max((f * power for f in (1, 2, 5) if f * power <= wanted), default=power)


def _distance(metres: float) -> str:
    if metres >= 1000:
        return _("%(n)s km", n=numbers.decimal(metres / 1000, 0 if metres % 1000 == 0 else 1))
    return _("%(n)s m", n=numbers.decimal(metres, 0))


def _map_furniture(width: float, top: float, metres_per_px: float) -> str:
    """North arrow (top right, the map is drawn north up) and scale bar (bottom left)."""
    length = scale_length(metres_per_px)
    bar = length / metres_per_px
    x, y = width - 30, 16
    north = _("N")  # the north arrow's letter
    return (f'<g class="north-arrow"><path d="M{x} {y}l8 26l-8 -6l-8 6z" fill="#1b1b1b"/>'
            f'<text x="{x}" y="{y + 40}" text-anchor="middle" font-size="13" '
            f'font-weight="bold">{escape(north)}</text></g>'
            f'<g class="scale-bar"><path d="M20 {top - 6}v6h{bar:.1f}v-6" fill="none" '
            f'stroke="#1b1b1b" stroke-width="2"/><text x="{20 + bar / 2:.1f}" '
            f'y="{top - 10}" text-anchor="middle" font-size="12" paint-order="stroke" '
            f'stroke="#fff" stroke-width="3">{escape(_distance(length))}</text></g>')


def _legend(top: float, title: str, bounds_: list[float], low: float, percent: bool,
            no_data: bool, symbols: list[tuple[str, str]]) -> tuple[str, float]:
    """The legend below the map: the classes of ``title`` with their ranges, "no data" and
    the point symbols; returns the SVG and its height."""
    rows = [(f'<rect x="20" y="{{y}}" width="16" height="12" fill="{_colour(b, bounds_)}" '
             f'stroke="#1b1b1b" stroke-width="0.5"/>', label)
            for b, label in zip(bounds_, class_labels(bounds_, low, percent), strict=True)]
    if no_data:
        rows.append(('<rect x="20" y="{y}" width="16" height="12" fill="' + NO_DATA
                     + '" stroke="#1b1b1b" stroke-width="0.5"/>',
                     _("no figure (too few answers or no data)")))
    rows += symbols
    heading = _("Legend: %(title)s", title=title)
    parts = [f'<g class="legend"><text x="20" y="{top + 16}" font-size="13" '
             f'font-weight="bold">{escape(heading)}</text>']
    for number, (swatch, label) in enumerate(rows):
        y = top + 26 + number * 20
        parts.append(swatch.replace("{y}", str(y)).replace("{cy}", str(y + 6))
                     + f'<text x="44" y="{y + 11}" font-size="12">{escape(label)}</text>')
    return "".join(parts) + "</g>", 34 + len(rows) * 20


def area_map(areas: Sequence[tuple[str, str, dict]], values: dict[str, float | None],
             title: str, desc: str, percent: bool,
             pins: Sequence[tuple[float, float]] = (),
             hotspots: Sequence[dict] = (),
             survey: Sequence[tuple[float, float]] = ()) -> Markup:
    """Choropleth of ``values`` by area, optionally with pins (dots), survey places (orange
    squares) and hot-spot rings; with a north arrow, a scale bar and a legend stating the
    class breaks and the symbols."""
    shapes = [(c, n, g) for c, n, g in areas if g]
    box = bounds(g for _, _, g in shapes)
    if box is None:
        return Markup(_open(640, 100, title, desc)[0] + "</svg>")
    south, west, north, east = box
    kx = math.cos(math.radians((south + north) / 2))
    span_x, span_y = max((east - west) * kx, 1e-9), max(north - south, 1e-9)
    scale = min(600 / span_x, 600 / span_y)
    width, map_height = max(round(40 + span_x * scale), 360), round(40 + span_y * scale)
    shown = [v for v in (values.get(c) for c, _, _ in shapes) if v is not None]
    bounds_ = classes(shown)
    symbols = [('<circle cx="28" cy="{cy}" r="3" fill="#0b4a6f" fill-opacity="0.45"/>',
                _("approved pin"))] if pins else []
    if survey:
        symbols.append(('<rect x="25" y="{y}" width="6" height="6" fill="#b35900" '
                        'fill-opacity="0.6" transform="translate(0 3)"/>',
                        _("place marked as unsafe in the survey")))
    if hotspots:
        symbols.append(('<circle cx="28" cy="{cy}" r="6" fill="none" stroke="#b00020" '
                        'stroke-width="2"/>', _("significant hot spot")))
    legend, legend_height = _legend(map_height, title, bounds_, min(shown, default=0.0),
                                    percent, len(shown) < len(shapes), symbols)
    head, _uid = _open(width, round(map_height + legend_height), title, desc, "chart map")

    def xy(lng: float, lat: float) -> str:
        return f"{20 + (lng - west) * kx * scale:.1f},{20 + (north - lat) * scale:.1f}"

    parts = [head]
    for code, _name, geometry in shapes:
        d = "".join("M" + " L".join(xy(p[0], p[1]) for p in ring) + "Z"
                    for polygon in polygons(geometry) for ring in polygon)
        parts.append(f'<path d="{d}" fill="{_colour(values.get(code), bounds_)}" '
                     f'fill-rule="evenodd" stroke="#1b1b1b" stroke-width="1"/>')
    for lat, lng in pins:
        x, y = xy(lng, lat).split(",")
        parts.append(f'<circle cx="{x}" cy="{y}" r="3" fill="#0b4a6f" fill-opacity="0.45"/>')
    for lat, lng in survey:
        left, top = (float(v) - 3 for v in xy(lng, lat).split(","))
        parts.append(f'<rect class="survey-place" x="{left:.1f}" y="{top:.1f}" width="6" '
                     f'height="6" fill="#b35900" fill-opacity="0.6"/>')
    for spot in hotspots:
        x, y = xy(spot["lng"], spot["lat"]).split(",")
        parts.append(f'<circle cx="{x}" cy="{y}" r="14" fill="none" stroke="#b00020" '
                     f'stroke-width="3"/>')
    for code, name, geometry in shapes:
        lat, lng = interior_point(geometry)
        x, y = xy(lng, lat).split(",")
        parts.append(f'<text x="{x}" y="{y}" text-anchor="middle" font-size="16" '
                     f'paint-order="stroke" stroke="#fff" stroke-width="4">'
                     f'<tspan x="{x}">{escape(name)}</tspan><tspan x="{x}" dy="1.2em">'
                     f'{escape(fmt(values.get(code), percent))}</tspan></text>')
    metres_per_px = math.radians(1) * 6_371_008.8 / scale  # one degree of latitude per px
    parts.append(_map_furniture(width, map_height, metres_per_px))
    parts.append(legend)
    return Markup("".join(parts) + "</svg>")
