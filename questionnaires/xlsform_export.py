"""Our questionnaire definition → an XLSForm workbook that ODK, Kobo and our importer read back.

Written from the definition dict (not the model) so that what an author left out stays left out
and the round trip YAML → XLSForm → YAML gives the same data. Text that a spreadsheet could run
as a formula gets a leading apostrophe (:mod:`questionnaires.spreadsheet_cells`); our reader
takes it off again.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

import openpyxl
from openpyxl.styles import Font

from questionnaires.loader import load_definition
from questionnaires.spreadsheet_cells import neutralise_row
from questionnaires.types import question_type
from questionnaires.types.base import STRATUM_COLUMN
from questionnaires.xlsform_sheets import language_header
from questionnaires.xlsform_xpath import expression_to_xpath

NAMESPACE = 'surveyapp="https://github.com/surveyapp/xforms"'
MESSAGES = ("constraint_message", "required_message")


def definition_to_xlsform(definition: Mapping[str, Any]) -> bytes:
    """The XLSForm workbook (.xlsx bytes) for a valid definition."""
    model = load_definition(definition, source=f"{definition.get('key')}")
    languages = list(model.languages)
    kinds: dict[str, str] = {}
    int_codes: set[str] = set()
    for question in model.questions():
        kinds.update(question.question_type.expression_kinds(question))
        int_codes |= question.question_type.integer_code_variables(question)
    writer = _Writer(languages, kinds, int_codes, dict(definition.get("choice_lists") or {}))
    for page in definition["pages"]:
        writer.page(page)
    workbook = openpyxl.Workbook()
    survey = workbook.worksheets[0]  # a new workbook holds one empty sheet (also the active one)
    survey.title = "survey"
    labels = [f"label::{language_header(code)}" for code in languages]
    hints = [f"hint::{language_header(code)}" for code in languages]
    messages = [f"{base}::{language_header(code)}" for base in MESSAGES for code in languages]
    _fill(survey, ["type", "name", *labels, *hints, "required", "relevant", "constraint",
                   "appearance", STRATUM_COLUMN, "default", "calculation", "choice_filter",
                   *messages], writer.rows)
    choice_rows = [
        {"list_name": name, "name": str(choice["code"]), **writer.texts("label", choice["label"]),
         "exclusive": "yes" if choice.get("exclusive") else "", **(choice.get("filters") or {})}
        for name, choices in writer.lists.items() for choice in choices
    ]
    filter_columns = sorted({column for name, choices in writer.lists.items()
                             for choice in choices for column in choice.get("filters") or {}})
    _fill(workbook.create_sheet("choices"), ["list_name", "name", *labels, "exclusive",
                                             *filter_columns], choice_rows)
    _fill(workbook.create_sheet("settings"),
          ["form_title", "form_id", "version", "default_language", "namespaces"],
          [{"form_title": model.title(model.source_language), "form_id": model.key,
            "version": model.version, "default_language": language_header(languages[0]),
            "namespaces": NAMESPACE}])
    extra = [{"name": "title", **writer.texts("label", definition["title"])}]
    if definition.get("intro"):
        extra.append({"name": "intro", **writer.texts("label", definition["intro"])})
    _fill(workbook.create_sheet("surveyapp"), ["name", *labels], extra)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _fill(sheet: Any, header: list[str], rows: list[dict[str, str]]) -> None:
    sheet.append(neutralise_row(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(neutralise_row(row.get(column, "") for column in header))
    sheet.freeze_panes = "A2"


class _Writer:
    def __init__(self, languages: list[str], kinds: dict[str, str], int_codes: set[str],
                 lists: dict[str, list[dict[str, Any]]]) -> None:
        self.languages = languages
        self.kinds = kinds
        self.int_codes = int_codes
        self.lists = lists
        self.rows: list[dict[str, str]] = []

    def texts(self, base: str, text: Mapping[str, str] | None) -> dict[str, str]:
        """``{'label::Swedish (sv)': ...}`` cells for a text mapping."""
        return {f"{base}::{language_header(code)}": str(value)
                for code, value in (text or {}).items() if value is not None}

    def relevant(self, source: str | None) -> str:
        return expression_to_xpath(source, self.kinds, self.int_codes) if source else ""

    def choices(self, question: Mapping[str, Any]) -> str:
        choices = question.get("choices")
        if isinstance(choices, str):
            return choices
        name = question["id"] if question["id"] not in self.lists else f"{question['id']}_choices"
        self.lists[name] = list(choices or [])
        return name

    def page(self, page: Mapping[str, Any]) -> None:
        self.rows.append({"type": "begin group", "name": page["id"],
                          **self.texts("label", page.get("title")), "appearance": "field-list"})
        for question in page["questions"]:
            self.question(question)
        self.rows.append({"type": "end group", "name": page["id"]})

    def question(self, question: Mapping[str, Any]) -> None:
        row: dict[str, str] = {"name": question["id"], **self.texts("label", question["text"]),
                               **self.texts("hint", question.get("help")),
                               "relevant": self.relevant(question.get("relevant"))}
        for base in MESSAGES:
            row.update(self.texts(base, question.get(base)))
        if question.get("default") is not None:
            row["default"] = str(question["default"])
        pairs = (question.get("choice_filter") or {}).items()
        if pairs:
            row["choice_filter"] = " and ".join(f"{column} = ${{{name}}}" for column, name in pairs)
        flag = question.get("required")  # True, False or absent: the loader refuses anything else
        required = "yes" if flag is True else "no" if flag is False else ""
        kind = question_type(question["type"])
        self.rows.extend(kind.xlsform_rows(question, row, required, self))
