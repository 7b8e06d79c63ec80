"""The survey instrument: questionnaire model, YAML loader and validator, skip logic, library.

Pure Python; knows nothing of Flask or a database.
"""

from questionnaires.expressions import Expression, ExpressionError, parse
from questionnaires.loader import (
    QuestionnaireError,
    load_definition,
    load_file,
    load_library,
)
from questionnaires.model import Choice, GridRow, Page, Question, Questionnaire, Text

__all__ = [
    "Choice",
    "Expression",
    "ExpressionError",
    "GridRow",
    "Page",
    "Question",
    "Questionnaire",
    "QuestionnaireError",
    "Text",
    "load_definition",
    "load_file",
    "load_library",
    "parse",
]
