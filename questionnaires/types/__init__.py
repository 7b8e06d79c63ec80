"""The question types, registered by name.

Adding a type is one module here (a :class:`QuestionType` subclass passed to :func:`register`),
one widget in ``surveyapp/surveys/widgets/`` and its template.
"""

from __future__ import annotations

from questionnaires.types.base import (
    AnalysisColumn,
    DefinitionContext,
    QuestionType,
    Sampler,
    XLSFormWriter,
)
from questionnaires.types.calculate import Calculate
from questionnaires.types.decimal import DecimalNumber
from questionnaires.types.grid import Grid
from questionnaires.types.moment import CalendarDate, TimeOfDay
from questionnaires.types.multi import MultipleChoice
from questionnaires.types.note import Note
from questionnaires.types.number import WholeNumber
from questionnaires.types.place import Place
from questionnaires.types.registry import Registry
from questionnaires.types.single import SingleChoice
from questionnaires.types.text import FreeText

TYPES: Registry[QuestionType] = Registry("question type")
register = TYPES.register
unregister = TYPES.unregister
question_type = TYPES.get
type_names = TYPES.names


def xlsform_type(xlsform_name: str) -> QuestionType | None:
    """The type an XLSForm question type (``select_one``, ``integer`` ...) maps to, if any."""
    return next((t for t in TYPES.items() if t.xlsform_type == xlsform_name), None)


def xlsform_group_type(appearance: str) -> QuestionType | None:
    """The type an XLSForm group with this ``appearance`` (``table-list``) is, if any."""
    return next((t for t in TYPES.items()
                 if appearance and t.xlsform_group_appearance == appearance), None)


for _builtin in (SingleChoice, MultipleChoice, Grid, WholeNumber, FreeText, Place, Note,
                 DecimalNumber, CalendarDate, TimeOfDay, Calculate):
    register(_builtin)

__all__ = [
    "AnalysisColumn",
    "DefinitionContext",
    "TYPES",
    "QuestionType",
    "Sampler",
    "XLSFormWriter",
    "question_type",
    "register",
    "type_names",
    "unregister",
    "xlsform_group_type",
    "xlsform_type",
]
