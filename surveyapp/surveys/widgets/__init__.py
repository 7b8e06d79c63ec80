"""The question widgets, registered by the name of the question type they draw and read.

Every type registered in :mod:`questionnaires.types` needs a widget here: a :class:`Widget`
subclass passed to :func:`register`, with its template ``surveys/_widgets/<name>.html``.
"""

from __future__ import annotations

from questionnaires import Question
from questionnaires.types.registry import Registry
from surveyapp.surveys.widgets.base import PageAnswers, Widget
from surveyapp.surveys.widgets.decimal import DecimalWidget
from surveyapp.surveys.widgets.grid import GridWidget
from surveyapp.surveys.widgets.moment import DateWidget, TimeWidget
from surveyapp.surveys.widgets.multi import MultipleChoiceWidget
from surveyapp.surveys.widgets.note import CalculateWidget, NoteWidget
from surveyapp.surveys.widgets.number import NumberWidget
from surveyapp.surveys.widgets.place import PlaceWidget
from surveyapp.surveys.widgets.single import SingleChoiceWidget
from surveyapp.surveys.widgets.text import TextWidget

WIDGETS: Registry[Widget] = Registry("widget")
register = WIDGETS.register
unregister = WIDGETS.unregister


def widget_for(question: Question) -> Widget:
    """The widget of ``question``'s type (KeyError when the type has none)."""
    return WIDGETS.get(question.type)


for _builtin in (SingleChoiceWidget, MultipleChoiceWidget, GridWidget, NumberWidget, TextWidget,
                 PlaceWidget, NoteWidget, DecimalWidget, DateWidget, TimeWidget, CalculateWidget):
    register(_builtin)

__all__ = ["WIDGETS", "PageAnswers", "Widget", "register", "unregister", "widget_for"]
