"""XLSForm → our questionnaire definition (the same dict a YAML file parses to).

pyxform, the reference implementation, checks the workbook first, so a sheet that ODK or Kobo
would reject is rejected here with pyxform's message. The mapping then walks the sheet rows
itself (so every problem names its spreadsheet row) and refuses whatever we cannot represent.
Every column and type spelling pyxform accepts is read (:mod:`questionnaires.xlsform_aliases`).

Mapping (see also :mod:`questionnaires.xlsform`):
- a top-level ``begin group`` is a page (``name`` → page id, ``label`` → title); a question
  outside any group is a page of its own (ODK shows it on a screen of its own); a group inside
  a page is flattened into it, its ``relevant`` joined to each of its questions';
- a ``begin group`` with ``appearance`` ``table-list`` is a grid: its select_one rows share
  one choice list, each row is a variable;
- question types map through the type registry (``select_one``, ``select_multiple``,
  ``integer``, ``decimal``, ``text``, ``geopoint``, ``note``, ``date``, ``time``,
  ``calculate``); ``select_one x or_other`` adds an "other" choice and a text question;
- metadata (``start``, ``end``, ``today``, ``deviceid``, ``username`` ...) is accepted and not
  stored (responses are anonymous), with a warning;
- ``relevant`` → our expression language (:mod:`questionnaires.xlsform_xpath`);
  ``calculation`` → :mod:`questionnaires.calculations`; ``choice_filter`` ``col = ${q}`` (joined
  by ``and``) → cascading choices; ``default``, ``constraint_message``, ``required_message``;
- ``bind::surveyapp:stratum`` → stratum; choices column ``exclusive`` → exclusive;
- sheet ``surveyapp`` (rows ``title``, ``intro``) → translated title and intro;
- no settings sheet: key, version and title are derived (:mod:`questionnaires.xlsform_settings`).
"""

from __future__ import annotations

from typing import Any

from questionnaires.input_limits import check_zip
from questionnaires.loader import KEY
from questionnaires.messages import N_, Message
from questionnaires.xlsform_questions import SurveyReader
from questionnaires.xlsform_settings import (
    Overrides,
    derived_version,
    file_stem,
    slug,
    title_from_stem,
)
from questionnaires.xlsform_sheets import (
    XLS_MAGIC,
    XLSX_MAGIC,
    Sheet,
    language_code,
    read_workbook,
    split_column,
)

TRANSLATED = ("label", "hint", "constraint_message", "required_message")


def xlsform_to_definition(data: bytes, source: str, overrides: Overrides | None = None
                          ) -> tuple[dict[str, Any], list[str], list[str]]:
    """(definition, problems, warnings) for an XLSForm workbook's bytes (.xlsx or .xls)."""
    if data.startswith(XLSX_MAGIC):
        check_zip(data)  # before pyxform or openpyxl unpack anything
        file_type = ".xlsx"
    elif data.startswith(XLS_MAGIC):
        file_type = ".xls"
    else:
        return {}, [Message(N_("the file is not an .xlsx or .xls workbook (save the XLSForm as "
                               ".xlsx)"))], []
    problems = _pyxform_problems(data, file_type)
    if problems:
        return {}, problems, []
    try:
        sheets = read_workbook(data)
    except ValueError as error:
        return {}, [str(error)], []
    reader = _Reader(sheets, source, overrides or Overrides())
    definition = reader.read()
    return definition, reader.problems, reader.warnings


def _pyxform_problems(data: bytes, file_type: str = ".xlsx") -> list[str]:
    """pyxform's verdict on the workbook (empty when it converts)."""
    from pyxform.xls2xform import convert

    try:
        convert(xlsform=data, file_type=file_type, warnings=[])
    except Exception as error:  # pyxform raises PyXFormError, but also ValueError/KeyError
        message = " ".join(str(error).split()) or type(error).__name__
        return [Message(N_("XLSForm (pyxform): %(message)s"), message=message)]
    return []


class _Reader(SurveyReader):
    def __init__(self, sheets: dict[str, Sheet], source: str, overrides: Overrides) -> None:
        super().__init__(sheets)
        self.source = source
        self.overrides = overrides
        settings = sheets.get("settings")
        self.settings = settings.rows[0].cells if settings and settings.rows else {}
        self.default_language = self.source_language()
        if self.default_language:
            self.languages.append(self.default_language)

    def source_language(self) -> str:
        """``default_language``; else, when some texts have no language, the uploader's choice
        or Swedish (with a warning); else '' (the first language column is the source)."""
        setting = self.settings.get("default_language", "")
        if setting:
            code = language_code(setting)
            if code:
                return code
            self.problem(None, "settings", N_("default_language %(value)s: cannot tell the "
                                              "language; write it like 'Svenska (sv)'"),
                         value=repr(setting))
            return ""
        bare = [column for sheet in self.sheets.values() for column in sheet.header
                if column in TRANSLATED]
        if not bare:
            return ""
        chosen = language_code(self.overrides.language) if self.overrides.language else None
        code = chosen or "sv"
        self.warn(None, "settings", N_("texts in the columns %(columns)s have no language; "
                                       "they are read as %(code)s (set default_language, or "
                                       "choose the language on upload)"),
                  columns=", ".join(sorted(set(bare))), code=repr(code))
        return code

    def read(self) -> dict[str, Any]:
        if "survey" not in self.sheets:
            self.problem(None, "survey", N_("the workbook has no 'survey' sheet"))
            return {}
        for column in self.sheets["survey"].header:
            base, language = split_column(column)
            code = language_code(language) if language and base in TRANSLATED else None
            if code and code not in self.languages:
                self.languages.append(code)
        lists, list_names = self.choice_lists()
        pages = self.survey(self.sheets["survey"], lists)
        list_names += [name for name in lists if name not in list_names]
        self.keep_filter_columns(lists)
        usage: dict[str, list[dict[str, Any]]] = {}
        for page in pages:
            for question in page["questions"]:
                if isinstance(question.get("choices"), str):
                    usage.setdefault(question["choices"], []).append(question)
        named = {}
        for name in list_names:
            users = usage.get(name, [])
            if len(users) == 1 and users[0]["id"] == name:
                users[0]["choices"] = lists[name]
            elif users:
                named[name] = lists[name]
        texts = self.extra_texts()
        definition: dict[str, Any] = {
            **self.identity(texts.get("title") or {}),
            "languages": list(self.languages) or ["sv"],
        }
        definition["title"] = definition.pop("title")
        if texts.get("intro"):
            definition["intro"] = texts["intro"]
        if named:
            definition["choice_lists"] = named
        definition["pages"] = pages
        return definition

    def identity(self, title: dict[str, str]) -> dict[str, Any]:
        """key, version and title: from the settings sheet, the upload, or derived."""
        stem = file_stem(self.source)
        source_language = self.languages[0] if self.languages else "sv"
        title_text = self.settings.get("form_title") or self.overrides.title
        if not title and title_text:
            title = {source_language: title_text}
        if not title:
            title = {source_language: title_from_stem(stem) or self.overrides.key or "Enkät"}
            self.warn(None, "settings", N_("no form_title; the title is %(title)s"),
                      title=repr(title[source_language]))
        key = self.settings.get("form_id") or self.overrides.key
        if not key:
            key = slug(stem or next(iter(title.values())))
            self.warn(None, "settings", N_("no form_id; the key is %(key)s (from the file name)"),
                      key=repr(key))
        elif not KEY.match(key):
            original, key = key, slug(key)
            self.warn(None, "settings", N_("form_id %(original)s holds characters a key may "
                                           "not have; the key is %(key)s"),
                      original=repr(original), key=repr(key))
        version = self.settings.get("version")
        if not version:
            version = derived_version()
            self.warn(None, "settings", N_("no version; the version is %(version)s (the time "
                                           "of the import)"), version=repr(version))
        return {"key": key, "version": version, "title": title}

    def extra_texts(self) -> dict[str, dict[str, str]]:
        sheet = self.sheets.get("surveyapp")
        if sheet is None:
            return {}
        result = {}
        for row in sheet.rows:
            name = row.get("name")
            if name not in ("title", "intro"):
                self.problem(row, "surveyapp", N_("unknown text %(text)s; use title or intro"),
                             text=repr(name))
                continue
            result[name] = self.texts(row, "label", "surveyapp")
        return result
