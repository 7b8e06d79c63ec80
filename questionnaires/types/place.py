"""``place``: an area chosen from a list, with an optional map point inside it."""

from __future__ import annotations

from questionnaires.types.base import QuestionType


class Place(QuestionType):
    """A place question; the only type that may ask for the ``area`` stratum.

    Not an analysis column: the area of residence is the frame's ``area`` column, and places
    marked on the map are shown by the dialogue feature.
    """

    name = "place"
    holds_area = True
    xlsform_type = "geopoint"
