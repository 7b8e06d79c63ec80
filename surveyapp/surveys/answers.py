"""Read and validate one page of answers from a posted form, with translated messages.

Valid values are returned even when other questions on the page have errors, so that nothing a
resident typed is lost; ``raw`` keeps what was typed for re-rendering the page.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from questionnaires import Question
from surveyapp.text import clean_text


@dataclass
class PageAnswers:
    """The outcome of reading a page: values per variable, errors per variable, typed input."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)


def read_page(
    questions: Iterable[Question],
    form: MultiDict,
    area_codes: Collection[str],
    check_required: bool = True,
) -> PageAnswers:
    """Validate the answers to ``questions``; a value of ``None`` means "not answered"."""
    result = PageAnswers()
    for question in questions:
        if question.type == "grid":
            for row in question.rows:
                _read_single(question, row.id, form, result, check_required)
        elif question.type == "single":
            _read_single(question, question.id, form, result, check_required)
        elif question.type == "multi":
            _read_multi(question, form, result, check_required)
        elif question.type == "number":
            _read_number(question, form, result, check_required)
        elif question.type == "text":
            _read_text(question, form, result, check_required)
        elif question.type == "place":
            _read_place(question, form, area_codes, result, check_required)
    return result


def _required(result: PageAnswers, variable: str, check: bool, message: str) -> None:
    result.values[variable] = None
    if check:
        result.errors[variable] = message


def _read_single(question: Question, variable: str, form, result, check_required) -> None:
    raw = form.get(variable, "")
    result.raw[variable] = raw
    if raw == "":
        if question.required:
            _required(result, variable, check_required, _("Choose one of the answers."))
        else:
            result.values[variable] = None
        return
    choice = question.choice(raw)
    if choice is None:
        result.errors[variable] = _("That answer is not one of the choices. Choose again.")
        return
    result.values[variable] = choice.code


def _read_multi(question: Question, form, result, check_required) -> None:
    raws = [raw for raw in form.getlist(question.id) if raw != ""]
    result.raw[question.id] = raws
    if not raws:
        if question.required:
            _required(result, question.id, check_required, _("Choose at least one answer."))
        else:
            result.values[question.id] = None
        return
    choices = [question.choice(raw) for raw in dict.fromkeys(raws)]
    if any(choice is None for choice in choices):
        result.errors[question.id] = _("That answer is not one of the choices. Choose again.")
        return
    if len(choices) > 1 and any(choice.exclusive for choice in choices):
        exclusive = next(choice for choice in choices if choice.exclusive)
        result.errors[question.id] = _(
            "“%(choice)s” cannot be combined with other answers.",
            choice=exclusive.label(_current_language()),
        )
        return
    result.values[question.id] = [choice.code for choice in choices]


def _read_number(question: Question, form, result, check_required) -> None:
    raw = form.get(question.id, "").strip()
    result.raw[question.id] = raw
    if raw == "":
        if question.required:
            _required(result, question.id, check_required, _("Write a number."))
        else:
            result.values[question.id] = None
        return
    try:
        number = int(unicodedata.normalize("NFKC", raw).replace(" ", ""))
    except ValueError:
        result.errors[question.id] = _("Write a whole number, for example 3.")
        return
    low, high = question.minimum, question.maximum
    if (low is not None and number < low) or (high is not None and number > high):
        result.errors[question.id] = _(
            "Write a number from %(low)s to %(high)s.",
            low=low if low is not None else "…",
            high=high if high is not None else "…",
        )
        return
    result.values[question.id] = number


def _read_text(question: Question, form, result, check_required) -> None:
    raw = form.get(question.id, "")
    result.raw[question.id] = raw
    text = clean_text(raw)
    if text == "":
        if question.required:
            _required(result, question.id, check_required, _("Write an answer."))
        else:
            result.values[question.id] = None
        return
    if len(text) > question.max_length:
        result.errors[question.id] = _(
            "The answer is too long: %(length)s characters, at most %(limit)s.",
            length=len(text),
            limit=question.max_length,
        )
        return
    result.values[question.id] = text


def _read_place(question: Question, form, area_codes, result, check_required) -> None:
    raw = form.get(question.id, "")
    result.raw[question.id] = raw
    if raw == "":
        if question.required:
            _required(result, question.id, check_required, _("Choose an area from the list."))
        else:
            result.values[question.id] = None
        return
    if raw not in area_codes:
        result.errors[question.id] = _("Choose an area from the list.")
        return
    result.values[question.id] = {"area": raw}
    if not question.stratum:  # where a resident lives is never stored as a point
        _read_place_point(question.id, raw, form, result)


def _read_place_point(variable: str, area_code: str, form, result) -> None:
    """The optional map point (``<id>__lat``/``<id>__lng``); it must lie in the chosen area."""
    from surveyapp.geo.services import area_contains

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


def _current_language() -> str:
    locale = get_locale()
    return str(locale.language) if locale else "sv"
