"""XLSForm → our questionnaire definition (the same dict a YAML file parses to).

pyxform, the reference implementation, checks the workbook first, so a sheet that ODK or Kobo
would reject is rejected here with pyxform's message. The mapping then walks the sheet rows
itself (so every problem names its spreadsheet row) and refuses whatever we cannot represent.

Mapping (see also :mod:`questionnaires.xlsform`):
- a top-level ``begin group`` is a page (``name`` → page id, ``label`` → title); a question
  outside any group is a page of its own (ODK shows it on a screen of its own);
- a ``begin group`` with ``appearance`` ``table-list`` is a grid: its select_one rows share
  one choice list, each row is a variable;
- ``select_one``/``select_multiple`` → single/multi, ``integer`` → number (``constraint``
  ``. >= a and . <= b`` → min/max), ``text`` → text (``string-length(.) <= n`` → max_length,
  appearance ``multiline``), ``geopoint`` → place;
- ``relevant`` → our expression language (:mod:`questionnaires.xlsform_xpath`);
- ``bind::surveyapp:stratum`` → stratum; choices column ``exclusive`` → exclusive;
- sheet ``surveyapp`` (rows ``title``, ``intro``) → translated title and intro; without it the
  title is ``form_title`` in the source language.
"""

from __future__ import annotations

import re
from typing import Any

from questionnaires.input_limits import check_zip
from questionnaires.types import question_type, xlsform_group_type, xlsform_type
from questionnaires.types.base import STRATUM_COLUMN
from questionnaires.xlsform_sheets import Row, Sheet, language_code, read_workbook, split_column
from questionnaires.xlsform_xpath import XPathError, xpath_to_expression

WHY_NOT = {
    "calculate": "calculations are not asked of residents; compute derived values in the analysis",
    "note": "notes are not supported; put the text in a question's hint or the intro",
    "begin repeat": "repeats are not supported",
    "decimal": "decimal numbers are not supported; use integer",
    "select_one_from_file": "choices from a file are not supported; list them on the choices sheet",
    "select_multiple_from_file": "choices from a file are not supported",
    "rank": "ranking is not supported",
    "range": "range questions are not supported; use select_one with a scale",
    "geotrace": "lines are not supported; use geopoint", "geoshape": "areas are not supported",
    "hidden": "hidden fields are not supported",
}
MEDIA = {"image", "audio", "video", "file", "barcode", "background-audio", "background-geopoint"}
METADATA = {"start", "end", "today", "deviceid", "subscriberid", "simserial", "phonenumber",
            "username", "email", "audit", "start-geopoint", "imei", "uri:email", "uri:username"}
QUESTION_COLUMNS = {"type", "name", "label", "hint", "required", "relevant", "constraint",
                    "appearance", STRATUM_COLUMN}
IGNORED_COLUMNS = {"constraint_message", "required_message", "guidance_hint", "comments", "notes"}
REFUSED_COLUMNS = {"default", "read_only", "calculation", "trigger", "choice_filter",
                   "repeat_count", "parameters", "image", "audio", "video", "media", "body",
                   "instance", "big-image"}
SELECT_LOOKS = {"minimal", "horizontal", "horizontal-compact", "likert", "compact", "quick",
                "columns", "columns-pack", "no-buttons", "autocomplete", "search"}
YES = {"yes", "true", "true()", "1"}
NO = {"no", "false", "false()", "0"}
INTEGER = re.compile(r"^(0|-?[1-9][0-9]*)$")
# a page, grid, question or choice of the definition being built (the YAML shape, so untyped values)
Part = dict[str, Any]
ChoiceLists = dict[str, list[Part]]


def xlsform_to_definition(data: bytes, source: str) -> tuple[dict[str, Any], list[str], list[str]]:
    """(definition, problems, warnings) for an XLSForm workbook's bytes."""
    if not data.startswith(b"PK\x03\x04"):
        return {}, ["the file is not an .xlsx workbook (save the XLSForm as .xlsx)"], []
    check_zip(data)  # before pyxform or openpyxl unpack anything
    problems = _pyxform_problems(data)
    if problems:
        return {}, problems, []
    try:
        sheets = read_workbook(data)
    except ValueError as error:
        return {}, [str(error)], []
    reader = _Reader(sheets, source)
    definition = reader.read()
    return definition, reader.problems, reader.warnings


def _pyxform_problems(data: bytes) -> list[str]:
    """pyxform's verdict on the workbook (empty when it converts)."""
    from pyxform.xls2xform import convert

    try:
        convert(xlsform=data, file_type=".xlsx", warnings=[])
    except Exception as error:  # pyxform raises PyXFormError, but also ValueError/KeyError
        message = " ".join(str(error).split()) or type(error).__name__
        return [f"XLSForm (pyxform): {message}"]
    return []


def split_type(raw: str) -> tuple[str, str]:
    """``('select_one', 'yes_no')`` for ``select_one yes_no`` (also ``select one yes_no``)."""
    parts = raw.split()
    if len(parts) >= 2 and parts[0].lower() == "select" and parts[1].lower() in ("one", "multiple"):
        parts = [f"select_{parts[1].lower()}", *parts[2:]]
    if not parts:
        return "", ""
    return parts[0].lower(), " ".join(parts[1:])


class _Reader:
    def __init__(self, sheets: dict[str, Sheet], source: str) -> None:
        self.sheets = sheets
        self.source = source
        self.problems: list[str] = []
        self.warnings: list[str] = []
        self.settings = sheets["settings"].rows[0].cells if "settings" in sheets and \
            sheets["settings"].rows else {}
        self.languages: list[str] = []
        self.kinds: dict[str, str] = {}
        self.int_codes: set[str] = set()
        self.default_language = language_code(self.settings.get("default_language", "")) or ""
        if self.default_language:
            self.languages.append(self.default_language)

    def problem(self, row: Row | None, sheet: str, what: str, name: str = "") -> None:
        where = f"{sheet} sheet" + (f", row {row.number}" if row else "")
        self.problems.append(f"{where}{f' ({name})' if name else ''}: {what}")

    def warn(self, row: Row | None, sheet: str, what: str) -> None:
        where = f"{sheet} sheet" + (f", row {row.number}" if row else "")
        self.warnings.append(f"{where}: {what}")

    def texts(self, row: Row, base: str, sheet: str) -> dict[str, str]:
        """``{language: text}`` from ``base`` and ``base::Language (xx)`` columns."""
        result = {}
        for column, value in row.cells.items():
            name, language = split_column(column)
            if name != base:
                continue
            code = language_code(language) if language else self.default_language
            if not code:
                what = (f"cannot tell the language of column '{column}'; name it like "
                        f"'{base}::Svenska (sv)'" if language else
                        f"column '{base}' has no language; add default_language (e.g. "
                        f"'Svenska (sv)') to the settings sheet or use '{base}::Svenska (sv)'")
                self.problem(row, sheet, what)
                continue
            if code not in self.languages:
                self.languages.append(code)
            result[code] = value
        return result

    def read(self) -> dict[str, Any]:
        if "survey" not in self.sheets:
            self.problem(None, "survey", "the workbook has no 'survey' sheet")
            return {}
        for column in self.sheets["survey"].header:
            base, language = split_column(column)
            code = language_code(language) if language and base in ("label", "hint") else None
            if code and code not in self.languages:
                self.languages.append(code)
        lists, list_names = self.choice_lists()
        pages = self.survey(self.sheets["survey"], lists)
        usage: dict[str, list[Part]] = {}
        for page in pages:
            for question in page["questions"]:
                if isinstance(question.get("choices"), str):
                    usage.setdefault(question["choices"], []).append(question)
        named = {}
        for name in list_names:
            users = usage.get(name, [])
            if len(users) == 1 and users[0]["id"] == name:
                users[0]["choices"] = lists[name]
            else:
                named[name] = lists[name]
        texts = self.extra_texts()
        title = texts.get("title") or {}
        if not title and self.settings.get("form_title"):
            title = {self.languages[0] if self.languages else "": self.settings["form_title"]}
        for column, what in (("form_id", "the questionnaire key, e.g. trygghet"),
                             ("version", "e.g. 2026.1"), ("form_title", "the title")):
            if not self.settings.get(column) and not (column == "form_title" and title):
                self.problem(None, "settings", f"{column} ({what}) is missing")
        definition: dict[str, Any] = {
            "key": self.settings.get("form_id", ""),
            "version": self.settings.get("version", ""),
            "languages": list(self.languages),
            "title": title,
        }
        if texts.get("intro"):
            definition["intro"] = texts["intro"]
        if named:
            definition["choice_lists"] = named
        definition["pages"] = pages
        return definition

    def extra_texts(self) -> dict[str, dict[str, str]]:
        sheet = self.sheets.get("surveyapp")
        if sheet is None:
            return {}
        result = {}
        for row in sheet.rows:
            name = row.get("name")
            if name not in ("title", "intro"):
                self.problem(row, "surveyapp", f"unknown text {name!r}; use title or intro")
                continue
            result[name] = self.texts(row, "label", "surveyapp")
        return result

    def choice_lists(self) -> tuple[ChoiceLists, list[str]]:
        lists: ChoiceLists = {}
        sheet = self.sheets.get("choices")
        if sheet is None:
            return lists, []
        for column in sheet.header:
            base, _language = split_column(column)
            if base in ("image", "audio", "video", "media", "big-image"):
                if any(row.get(column) for row in sheet.rows):
                    self.problem(None, "choices", f"media column '{column}' is not supported")
            elif column and base not in ("list_name", "list name", "name", "label", "exclusive") \
                    and any(row.get(column) for row in sheet.rows):
                self.warn(None, "choices", f"column '{column}' is ignored")
        for row in sheet.rows:
            list_name = row.get("list_name") or row.get("list name")
            name = row.get("name")
            if not list_name or not name:
                continue
            choice: dict[str, Any] = {"code": int(name) if INTEGER.match(name) else name,
                                      "label": self.texts(row, "label", "choices")}
            exclusive = row.get("exclusive").lower()
            if exclusive in YES:
                choice["exclusive"] = True
            elif exclusive and exclusive not in NO:
                self.problem(row, "choices", f"exclusive must be yes or no, not {exclusive!r}")
            lists.setdefault(list_name, []).append(choice)
        return lists, list(lists)

    def survey(self, sheet: Sheet, lists: ChoiceLists) -> list[Part]:
        pages: list[Part] = []
        page: Part | None = None
        grid: Part | None = None
        skipping = 0
        for row in sheet.rows:
            kind = " ".join(row.get("type").replace("_", " ").split()).lower()
            name = row.get("name")
            if skipping:
                skipping += kind == "begin repeat"
                skipping -= kind == "end repeat"
                continue
            if not kind:
                continue
            self.check_columns(row)
            if kind == "begin repeat":
                self.problem(row, "survey", WHY_NOT["begin repeat"], name)
                skipping = 1
            elif kind == "begin group":
                group_type = xlsform_group_type(row.get("appearance"))
                if group_type is not None:
                    if grid is not None:
                        self.problem(row, "survey", "a grid cannot contain a group", name)
                        continue
                    if page is None:
                        page = {"id": f"{name}_page", "questions": [], "implicit": True}
                        pages.append(page)
                    grid = self.grid(row, group_type.name)
                    page["questions"].append(grid)
                elif page is not None and not page.get("implicit"):
                    self.problem(row, "survey", "groups inside a page are not supported (only a "
                                 "table-list grid may be inside a page group)", name)
                else:
                    page = self.page(row)
                    pages.append(page)
            elif kind == "end group":
                if grid is not None:
                    self.finish_grid(grid, lists)
                    grid = None
                    if page and page.get("implicit"):
                        page = None
                elif page is not None:
                    page = None
            elif grid is not None:
                self.grid_row(row, kind, grid)
            else:
                question = self.question(row, kind, lists)
                if question is None:
                    continue
                if page is None or page.get("implicit"):
                    pages.append({"id": f"{name}_page", "questions": [question]})
                    page = None
                else:
                    page["questions"].append(question)
        for item in pages:
            item.pop("implicit", None)
        return pages

    def check_columns(self, row: Row) -> None:
        for column, value in row.cells.items():
            base, _language = split_column(column)
            if base in QUESTION_COLUMNS or base.startswith("$"):
                continue
            if base in IGNORED_COLUMNS:
                self.warn(row, "survey", f"column '{column}' is ignored (surveyapp shows its "
                          "own translated messages)")
            elif base in REFUSED_COLUMNS or base.startswith(("bind::", "instance::", "body::")):
                self.problem(row, "survey", f"column '{column}' ({value!r}) is not supported",
                             row.get("name"))
            else:
                self.problem(row, "survey", f"unknown column '{column}'", row.get("name"))

    def page(self, row: Row) -> Part:
        page: dict[str, Any] = {"id": row.get("name"), "questions": []}
        title = self.texts(row, "label", "survey")
        if title:
            page["title"] = title
        for column in ("relevant", "required", "constraint", STRATUM_COLUMN):
            if row.get(column):
                self.problem(row, "survey", f"'{column}' on a page group is not supported; put "
                             "it on the questions", row.get("name"))
        if row.get("appearance") not in ("", "field-list"):
            self.warn(row, "survey", f"appearance '{row.get('appearance')}' is ignored")
        if self.texts(row, "hint", "survey"):
            self.problem(row, "survey", "a hint on a page group is not supported", row.get("name"))
        return page

    def grid(self, row: Row, type_name: str) -> Part:
        grid: Part = {"id": row.get("name"), "type": type_name,
                      "text": self.texts(row, "label", "survey"), "rows": [], "_required": []}
        hint = self.texts(row, "hint", "survey")
        if hint:
            grid["help"] = hint
        if row.get("relevant"):
            self.relevant(row, grid)
        for column in ("required", "constraint", STRATUM_COLUMN):
            if row.get(column):
                self.problem(row, "survey", f"'{column}' on a grid group is not supported; "
                             "put it on its rows", row.get("name"))
        return grid

    def grid_row(self, row: Row, kind: str, grid: Part) -> None:
        name = row.get("name")
        base, list_name = split_type(row.get("type"))
        if base != "select_one" or not list_name:
            self.problem(row, "survey", f"a table-list grid may only hold select_one rows, not "
                         f"{row.get('type')!r}", name)
            return
        if grid.setdefault("choices", list_name) != list_name:
            self.problem(row, "survey", f"every row of grid {grid['id']!r} must use the list "
                         f"{grid['choices']!r}, not {list_name!r}", name)
        for column in ("relevant", "constraint", STRATUM_COLUMN):
            if row.get(column):
                self.problem(row, "survey", f"'{column}' on a grid row is not supported", name)
        if self.texts(row, "hint", "survey"):
            self.problem(row, "survey", "a hint on a grid row is not supported", name)
        grid["_required"].append(self.required(row))
        grid["rows"].append({"id": name, "text": self.texts(row, "label", "survey")})

    def finish_grid(self, grid: Part, lists: ChoiceLists) -> None:
        required = set(grid.pop("_required"))
        if len(required) > 1:
            self.problem(None, "survey", "either all rows or no rows must be required", grid["id"])
        elif required and None not in required:
            grid["required"] = required.pop()
        for item in grid["rows"]:
            self.kinds[item["id"]] = question_type(grid["type"]).variable_kind
            if all(isinstance(c["code"], int) for c in lists.get(grid.get("choices", ""), [])):
                self.int_codes.add(item["id"])

    def required(self, row: Row) -> bool | None:
        value = row.get("required").lower()
        if not value:
            return None
        if value in YES or value in NO:
            return value in YES
        self.problem(row, "survey", f"required must be yes or no; a condition ({value!r}) is "
                     "not supported", row.get("name"))
        return None

    def question(self, row: Row, kind: str, lists: ChoiceLists) -> Part | None:
        name = row.get("name")
        base, rest = split_type(row.get("type"))
        found = xlsform_type(base)
        if found is None:
            original = row.get("type")
            why = WHY_NOT.get(kind) or WHY_NOT.get(base)
            if base in MEDIA:
                why = "photos, recordings and files are not collected from residents"
            elif base in METADATA:
                why = "device and time metadata are not collected (privacy); remove the row"
            self.problem(row, "survey", f"type {original!r} is not supported" +
                         (f": {why}" if why else ""), name)
            return None
        question: dict[str, Any] = {"id": name, "type": found.name,
                                    "text": self.texts(row, "label", "survey")}
        hint = self.texts(row, "hint", "survey")
        if hint:
            question["help"] = hint
        if found.takes_choices:
            list_name = rest.strip()
            if " or_other" in f" {list_name}":
                self.problem(row, "survey", "'or_other' is not supported; add an 'other' choice "
                             "and a text question", name)
                list_name = list_name.replace("or_other", "").strip()
            question["choices"] = list_name
            choices = lists.get(list_name, [])
            if found.variable_kind == "select" and choices and \
                    all(isinstance(c["code"], int) for c in choices):
                self.int_codes.add(name)
        self.kinds[name] = found.variable_kind
        required = self.required(row)
        if required is not None:
            question["required"] = required
        if row.get(STRATUM_COLUMN):
            question["stratum"] = row.get(STRATUM_COLUMN)
        if row.get("relevant"):
            self.relevant(row, question)
        self.constraint(row, question)
        self.appearance(row, question)
        return question

    def relevant(self, row: Row, question: Part) -> None:
        kinds = {k: v for k, v in self.kinds.items() if k != question["id"]}
        try:
            question["relevant"] = xpath_to_expression(row.get("relevant"), kinds, self.int_codes)
        except XPathError as error:
            self.problem(row, "survey", f"relevant {row.get('relevant')!r}: {error}",
                         row.get("name"))

    def constraint(self, row: Row, question: Part) -> None:
        constraint = row.get("constraint")
        if not constraint:
            return
        kind = question_type(question["type"])
        found = kind.from_xlsform_constraint(constraint)
        if found is not None:
            question.update(found)
            return
        expressible = kind.xlsform_constraint_example
        self.problem(row, "survey", f"constraint {constraint!r} cannot be expressed" +
                     (f"; supported: {expressible}" if expressible else
                      f" for a {row.get('type')!r} question"), row.get("name"))

    def appearance(self, row: Row, question: Part) -> None:
        kind = question_type(question["type"])
        for look in row.get("appearance").split():
            found = kind.from_xlsform_appearance(look)
            if found is not None:
                question.update(found)
            else:
                self.warn(row, "survey", f"appearance '{look}' is ignored (surveyapp shows "
                          f"{question['type']} questions its own phone-friendly way)")
