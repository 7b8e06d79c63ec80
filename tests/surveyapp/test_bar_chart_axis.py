"""The bar chart has a value axis: five tick labels from 0 to the scale's maximum."""

from __future__ import annotations

import re

from surveyapp.results.charts import bar_chart


def test_bar_chart_has_a_labelled_value_axis(app):
    rows = [{"name": "Centrum", "estimate": 0.3, "ci_low": 0.2, "ci_high": 0.4},
            {"name": "Norr", "estimate": None, "ci_low": None, "ci_high": None}]
    with app.test_request_context("/?lang=en"):
        svg = str(bar_chart(rows, "t", "d", True, "too few"))
    ticks = re.findall(r'<text [^>]*class="axis">([^<]+)</text>', svg)
    assert len(ticks) == 5
    assert ticks[0].startswith("0") and ticks[-1].startswith("50")  # top 0.4: scale to 50 %
    xs = [float(x) for x in re.findall(r'<text x="([\d.]+)"[^>]*class="axis"', svg)]
    assert xs == sorted(xs) and xs[0] == 170.0
    # the bar for 30 % ends at 3/5 of the axis
    bar = float(re.search(r'<rect x="170" y="\d+" width="([\d.]+)"', svg).group(1))
    assert abs(bar - 0.6 * (xs[-1] - xs[0])) < 0.2
