"""Bounds on what a request can hand to the database or the JSON decoder, for every route.

- ``<int:…>`` in a route accepts ASCII digits up to 2³¹ − 1 only (the largest value of an
  INTEGER id column on PostgreSQL; :data:`surveyapp.inputs.MAX_ID`):
  ``/karta/x/pins/9223372036854775808.json`` or ``/staff/walks/١`` answer 404 before any query
  is made (werkzeug's converter takes any length and any Unicode digit). A route for a 64-bit
  id would say so: ``<int(max=9223372036854775807):id>``.
- ``request.get_json()`` refuses JSON nested deeper than
  :data:`questionnaires.input_limits.MAX_DEPTH` or holding NUL characters: ``get_json()``
  answers 400, ``get_json(silent=True)`` gives None, never a RecursionError (500).

NUL characters in the path, the query string and forms are refused in
:func:`surveyapp.security.init_security`.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Request
from werkzeug.routing import IntegerConverter, Map

from questionnaires.input_limits import InputTooComplex, check_json_value
from surveyapp.inputs import MAX_ID


class BoundedIntegerConverter(IntegerConverter):
    """``<int:name>`` for ASCII digits within 0 … :data:`MAX_ID` (unless the route sets
    ``max``)."""

    regex = r"[0-9]+"

    def __init__(self, map: Map, fixed_digits: int = 0, min: int | None = None,  # noqa: A002
                 max: int | None = None, signed: bool = False) -> None:  # noqa: A002
        super().__init__(map, fixed_digits, min, MAX_ID if max is None else max, signed)


class BoundedRequest(Request):
    """The request class: JSON bodies decoded within the bounds."""

    def get_json(self, force: bool = False, silent: bool = False,
                 cache: bool = True) -> Any | None:
        """As :meth:`flask.Request.get_json`, refusing deep nesting and NUL characters as
        malformed JSON (400, or None when ``silent``)."""
        try:
            data = super().get_json(force=force, silent=silent, cache=cache)
            check_json_value(data)
        except (RecursionError, InputTooComplex) as error:
            if silent:
                return None
            return self.on_json_loading_failed(ValueError(str(error) or "nesting"))
        return data


def init_request_limits(app: Flask) -> None:
    """Install the converter and the request class; call before routes are registered."""
    app.url_map.converters["int"] = BoundedIntegerConverter
    app.request_class = BoundedRequest
