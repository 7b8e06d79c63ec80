"""Figures are written with the reader's decimal mark."""

from __future__ import annotations

import pytest
from flask import render_template_string
from flask_babel import force_locale

from surveyapp import numbers
from surveyapp.results import charts


@pytest.mark.parametrize(("language", "expected"), [
    ("sv", ("1,13", "12,3\u00a0%", "−0,50", "1\u00a0235")),
    ("en", ("1.13", "12.3\u00a0%", "−0.50", "1,235")),
    ("fi", ("1,13", "12,3\u00a0%", "−0,50", "1\u00a0235")),
])
def test_decimal_and_percent_follow_the_locale(app, language, expected):
    with app.test_request_context(), force_locale(language):
        got = (numbers.decimal(1.1290), numbers.percent(0.1234),
               numbers.decimal(-0.5, signed=True), numbers.decimal(1234.6, 0))
        assert got == expected
        template = "{{ 1.129|decimal }} {{ 0.1234|percent }} {{ none|percent }}"
        assert render_template_string(template) == f"{expected[0]} {expected[1]} –"
        assert charts.fmt(0.1234, percent=True) == expected[1]
        assert charts.fmt(1.129, percent=False) == expected[0]
