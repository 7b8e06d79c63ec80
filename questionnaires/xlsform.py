"""XLSForm import and export: the public entry points.

XLSForm (the spreadsheet format of ODK, Kobo and SurveyCTO) is mapped onto our YAML format, then
validated by the same :func:`questionnaires.load_definition` as a YAML file, so there is one
validator. Anything we cannot represent is refused with the sheet, row and feature named;
presentational details we ignore (e.g. ``appearance: likert``) come back as warnings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from questionnaires.input_limits import InputTooComplex, load_yaml
from questionnaires.loader import QuestionnaireError, load_definition
from questionnaires.model import Questionnaire
from questionnaires.xlsform_export import definition_to_xlsform
from questionnaires.xlsform_import import xlsform_to_definition
from questionnaires.xlsform_settings import Overrides
from questionnaires.xlsform_sheets import XLS_MAGIC, XLSX_MAGIC


@dataclass(frozen=True)
class Imported:
    """A validated questionnaire read from a file, with the definition and any warnings."""

    questionnaire: Questionnaire
    definition: dict[str, Any]
    warnings: list[str] = field(default_factory=list)


def import_xlsform(data: bytes, source: str = "<xlsform>",
                   overrides: Overrides | None = None) -> Imported:
    """Read an XLSForm workbook (.xlsx or .xls); raises :class:`QuestionnaireError` listing
    every problem, or :class:`~questionnaires.input_limits.InputTooComplex` for a zip bomb.
    ``overrides`` gives the key, title and language a form without settings sheet lacks."""
    definition, problems, warnings = xlsform_to_definition(data, source, overrides)
    if problems:
        raise QuestionnaireError(source, problems)
    questionnaire = load_definition(definition, source=source)
    return Imported(questionnaire, definition, warnings)


def import_yaml(data: bytes, source: str = "<yaml>") -> Imported:
    """Read a questionnaire YAML file's bytes; raises :class:`QuestionnaireError`, or
    :class:`~questionnaires.input_limits.InputTooComplex` for a file nested too deep."""
    try:
        text = data.decode("utf-8")
        definition = load_yaml(text)  # depth, size and aliases checked first (InputTooComplex)
    except InputTooComplex as error:
        if error.reason != "alias":
            raise
        raise QuestionnaireError(source, ["YAML aliases (*name) are not allowed"]) from None
    except (UnicodeDecodeError, yaml.YAMLError) as error:
        raise QuestionnaireError(source, [f"not valid UTF-8 YAML: {error}"]) from error
    questionnaire = load_definition(definition, source=source)
    return Imported(questionnaire, dict(definition))


def import_file(filename: str, data: bytes, overrides: Overrides | None = None) -> Imported:
    """Import an .xlsx/.xls XLSForm or a .yaml/.yml file, chosen by content, then extension."""
    if data.startswith((XLSX_MAGIC, XLS_MAGIC)) or filename.lower().endswith((".xlsx", ".xls")):
        return import_xlsform(data, source=filename, overrides=overrides)
    return import_yaml(data, source=filename)


def export_xlsform(definition: Mapping[str, Any]) -> bytes:
    """The XLSForm workbook (.xlsx bytes) of a definition."""
    return definition_to_xlsform(definition)


def export_yaml(definition: Mapping[str, Any]) -> str:
    """The definition as a questionnaire YAML file."""
    return yaml.safe_dump(dict(definition), allow_unicode=True, sort_keys=False, width=100)
