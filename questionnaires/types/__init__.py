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
from questionnaires.types.grid import Grid
from questionnaires.types.multi import MultipleChoice
from questionnaires.types.number import WholeNumber
from questionnaires.types.place import Place
from questionnaires.types.single import SingleChoice
from questionnaires.types.text import FreeText

_REGISTRY: dict[str, QuestionType] = {}


def register(cls: type[QuestionType]) -> type[QuestionType]:
    """Register a question type under its ``name`` (usable as a class decorator)."""
    if cls.name in _REGISTRY:
        raise ValueError(f"question type {cls.name!r} is already registered")
    _REGISTRY[cls.name] = cls()
    return cls


def unregister(name: str) -> None:
    """Remove a registered type (for tests and plugins that add one for a while)."""
    del _REGISTRY[name]


def question_type(name: str) -> QuestionType:
    """The type registered as ``name`` (KeyError when there is none)."""
    return _REGISTRY[name]


def type_names() -> tuple[str, ...]:
    """The registered type names, in registration order."""
    return tuple(_REGISTRY)


def xlsform_type(xlsform_name: str) -> QuestionType | None:
    """The type an XLSForm question type (``select_one``, ``integer`` ...) maps to, if any."""
    return next((t for t in _REGISTRY.values() if t.xlsform_type == xlsform_name), None)


def xlsform_group_type(appearance: str) -> QuestionType | None:
    """The type an XLSForm group with this ``appearance`` (``table-list``) is, if any."""
    return next((t for t in _REGISTRY.values()
                 if appearance and t.xlsform_group_appearance == appearance), None)


for _builtin in (SingleChoice, MultipleChoice, Grid, WholeNumber, FreeText, Place):
    register(_builtin)

__all__ = [
    "AnalysisColumn",
    "DefinitionContext",
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
