"""Template helpers that show stored or typed answers back in a form."""

from __future__ import annotations

from typing import Any

from questionnaires import Question
from surveyapp.surveys import bp
from surveyapp.surveys.widgets import widget_for


@bp.app_template_global()
def answer_has(value: Any, code: Any) -> bool:
    """Whether a stored or typed answer contains ``code`` (radio, checkbox, select)."""
    if isinstance(value, dict):
        value = value.get("area")
    values = value if isinstance(value, list) else [value]
    return any(item is not None and str(item) == str(code) for item in values)


@bp.app_template_global()
def answer_text(value: Any) -> str:
    """A stored or typed answer as text for an input field."""
    return "" if value is None else str(value)


@bp.app_template_global()
def widget_template(question: Question) -> str:
    """The template that draws ``question`` (see :mod:`surveyapp.surveys.widgets`)."""
    return widget_for(question).template


@bp.app_template_global()
def answer_format(question: Question) -> str:
    """How to type the answer to ``question`` (date and time fields), or ''."""
    hint = widget_for(question).answer_format
    return str(hint) if hint else ""
