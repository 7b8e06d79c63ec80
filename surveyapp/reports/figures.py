"""The charts and maps of the period report, drawn once as SVG (:mod:`surveyapp.results.charts`):
the HTML page shows the SVG inline, the DOCX the same SVG as a PNG
(:mod:`surveyapp.reports.png`), and a frozen version keeps the SVG with its tables."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext as _

from surveyapp.geo.models import Area
from surveyapp.reports.document import Figure, small_text
from surveyapp.results import charts
from surveyapp.results.tables import MeasureTable


def indicator_figures(name: str, indicator: MeasureTable, areas: Sequence[Area],
                      pins: Sequence[tuple[float, float]]) -> list[Figure]:
    """Bars of the survey indicator by area (with the 95 % CI) and the map of the areas coloured
    by it with the period's approved pins; suppressed areas show no estimate."""
    label = f"{name}: {indicator.measure.label}"
    percent = indicator.measure.is_share
    rows = [{**r, "name": r["name"] or _("Whole municipality"),
             "estimate": None if r["suppressed"] else r["estimate"]} for r in indicator.rows]
    bars_desc = _("Bars show the estimate for each area, lines its 95 per cent confidence "
                  "interval; the same figures are in the table.")
    bars = charts.bar_chart(rows, label, bars_desc, percent, _("too few answers"))
    values = {r["area"]: r["estimate"] for r in rows if r.get("area")}
    map_desc = _("Map of the areas coloured by the indicator (darker = higher); dots are the "
                 "approved pins of the period. Figures are in the tables.")
    shown = [(a.code, a.name, a.geometry) for a in areas if a.geometry]
    figures = [Figure(label, bars_desc, str(bars))]
    if shown:
        figures.append(Figure(_("%(label)s, map", label=label), map_desc, str(charts.area_map(
            shown, values, label, map_desc, percent, pins=pins))))
    return figures


def series_figure(caption: str, rows: Sequence[tuple[str, float | None]], rates: bool
                  ) -> Figure:
    """Bars of an indicator series by area: the rate per 100 000 when ``rates`` is true, else
    the value; ``None`` is a suppressed small count."""
    desc = (_("Bars show the rate per 100 000 inhabitants in each area; the same figures are "
              "in the table.") if rates else
            _("Bars show the value in each area; the same figures are in the table."))
    bars = [{"name": name, "estimate": value, "ci_low": None, "ci_high": None}
            for name, value in rows]
    return Figure(caption, desc, str(charts.bar_chart(bars, caption, desc, False, small_text())))
