"""The survey and choices sheets of an XLSForm, row by row, as pages, questions and choices.

Used by :mod:`questionnaires.xlsform_import`, which adds the settings and the languages. Every
problem names its sheet, row and feature; what we ignore is a warning.
"""

from __future__ import annotations

import re
from typing import Any

from pyxform import aliases

from questionnaires.calculations import CalculationError, parse_calculation
from questionnaires.messages import N_, Message
from questionnaires.types import question_type, xlsform_group_type, xlsform_type
from questionnaires.types.base import STRATUM_COLUMN
from questionnaires.xlsform_aliases import split_type, yes_no
from questionnaires.xlsform_sheets import Row, Sheet, language_code, split_column
from questionnaires.xlsform_xpath import XPathError, xpath_to_expression

WHY_NOT = {
    "repeat": N_("repeats are not supported (one response is one set of answers)"),
    "loop": N_("loops are not supported"),
    "select_one_from_file": N_("choices from a file are not supported; list them on the "
                               "choices sheet"),
    "select_one_external": N_("external choices are not supported; list them on the choices "
                              "sheet"),
    "rank": N_("ranking is not supported"),
    "range": N_("range questions are not supported; use select_one with a scale"),
    "geotrace": N_("lines are not supported; use geopoint"),
    "geoshape": N_("areas drawn on a map are not supported; use geopoint"),
    "dateTime": N_("date and time in one question is not supported; use a date and a time "
                   "question"),
    "acknowledge": N_("acknowledge questions are not supported; use a note"),
    "trigger": N_("acknowledge questions are not supported; use a note"),
}
MEDIA = {"image", "audio", "video", "file", "barcode", "background-audio", "background-geopoint"}
METADATA = {"start", "end", "today", "deviceid", "subscriberid", "simserial", "phonenumber",
            "username", "email", "audit", "start-geopoint", "imei", "uri:email", "uri:username",
            "uri:deviceid", "uri:subscriberid", "uri:simserial", "uri:phonenumber"}
QUESTION_COLUMNS = {"type", "name", "label", "hint", "required", "relevant", "constraint",
                    "appearance", "default", "constraint_message", "required_message",
                    "calculation", "choice_filter", STRATUM_COLUMN}
IGNORED_COLUMNS = {"guidance_hint", "comments", "notes", "read_only", "parameters", "autoplay",
                   "label_en", "note", "tag", "trigger"}
MEDIA_COLUMNS = {"image", "audio", "video", "media", "big-image"}
REFUSED_COLUMNS = {"repeat_count", "body", "instance"}
CHOICE_COLUMNS = {"list_name", "name", "label", "exclusive"}
FILTER_CLAUSE = re.compile(r"^\s*(?:(?P<col>[A-Za-z_][\w.-]*)\s*=\s*\$\{(?P<var>[^}]+)\}|"
                           r"\$\{(?P<var2>[^}]+)\}\s*=\s*(?P<col2>[A-Za-z_][\w.-]*))\s*$")
# the "other" choice and its follow-up question that or_other adds (pyxform's words in English)
OTHER_LABELS = {"sv": ("Annat", "Ange annat."), "en": ("Other", "Specify other."),
                "ar": ("أخرى", "حدّد الخيار الآخر."), "fa": ("دیگر", "مورد دیگر را مشخص کنید."),
                "so": ("Kale", "Sheeg kale."), "ti": ("ካልእ", "ካልእ ግለጹ።"),
                "fi": ("Muu", "Täsmennä muu."), "uk": ("Інше", "Уточніть інше.")}
INTEGER = re.compile(r"^(0|-?[1-9][0-9]*)$")
Part = dict[str, Any]
ChoiceLists = dict[str, list[Part]]


def _where(row: Row | None, sheet: str) -> Message:
    if row is None:
        return Message(N_("%(sheet)s sheet"), sheet=sheet)
    return Message(N_("%(sheet)s sheet, row %(row)s"), sheet=sheet, row=row.number)


def _message(what: str, params: dict[str, Any]) -> Message:
    return what if isinstance(what, Message) else Message(what, **params)


class SurveyReader:
    """Reads the survey and choices sheets into pages; collects problems and warnings."""

    def __init__(self, sheets: dict[str, Sheet]) -> None:
        self.sheets = sheets
        self.problems: list[str] = []
        self.warnings: list[str] = []
        self.languages: list[str] = []
        self.kinds: dict[str, str] = {}
        self.int_codes: set[str] = set()
        self.default_language = ""
        self.filter_columns: set[str] = set()

    def problem(self, row: Row | None, sheet: str, what: str, name: str = "",
                **params: Any) -> None:
        """Record a refusal at ``sheet``/``row``: ``what`` is a template filled from ``params``
        (or a :class:`Message` already)."""
        where = _where(row, sheet)
        if name:
            where = Message.concat(where, Message(" (%(name)s)", name=name))
        self.problems.append(Message.concat(where, ": ", _message(what, params)))

    def warn(self, row: Row | None, sheet: str, what: str, **params: Any) -> None:
        """Record a warning (something ignored or derived) at ``sheet``/``row``."""
        self.warnings.append(Message.concat(_where(row, sheet), ": ", _message(what, params)))

    def texts(self, row: Row, base: str, sheet: str) -> dict[str, str]:
        """``{language: text}`` from ``base`` and ``base::Language (xx)`` columns; a text in
        its own language column wins over the same language's unmarked column."""
        result: dict[str, str] = {}
        for column, value in sorted(row.cells.items(), key=lambda item: "::" in item[0]):
            name, language = split_column(column)
            if name != base:
                continue
            code = language_code(language) if language else self.default_language
            if not code:
                self.problem(row, sheet, N_("cannot tell the language of column '%(column)s'; "
                                            "name it like '%(base)s::Svenska (sv)'"),
                             column=column, base=base)
                continue
            if code not in self.languages:
                self.languages.append(code)
            result[code] = value
        return result

    # choices sheet

    def choice_lists(self) -> tuple[ChoiceLists, list[str]]:
        lists: ChoiceLists = {}
        sheet = self.sheets.get("choices")
        if sheet is None:
            return lists, []
        for column in sheet.header:
            base, _language = split_column(column)
            if base in MEDIA_COLUMNS and any(row.get(column) for row in sheet.rows):
                self.problem(None, "choices", N_("media column '%(column)s' (pictures or sound "
                                                 "on choices) is not supported"), column=column)
        for row in sheet.rows:
            list_name, name = row.get("list_name"), row.get("name")
            if not list_name or not name:
                continue
            choice: Part = {"code": int(name) if INTEGER.match(name) else name,
                            "label": self.texts(row, "label", "choices")}
            exclusive = row.get("exclusive")
            if exclusive and yes_no(exclusive) is None:
                self.problem(row, "choices", N_("exclusive must be yes or no, not %(value)s"),
                             value=repr(exclusive))
            elif exclusive and yes_no(exclusive):
                choice["exclusive"] = True
            filters = {column: value for column, value in row.cells.items()
                       if split_column(column)[0] not in CHOICE_COLUMNS | MEDIA_COLUMNS}
            if filters:
                choice["filters"] = filters
            lists.setdefault(list_name, []).append(choice)
        return lists, list(lists)

    def keep_filter_columns(self, lists: ChoiceLists) -> None:
        """Keep only the choice columns a ``choice_filter`` compares; warn about the others."""
        ignored: set[str] = set()
        for choices in lists.values():
            for choice in choices:
                filters = choice.pop("filters", {})
                ignored |= set(filters) - self.filter_columns
                kept = {k: v for k, v in filters.items() if k in self.filter_columns}
                if kept:
                    choice["filters"] = kept
        for column in sorted(ignored):
            self.warn(None, "choices", N_("column '%(column)s' is ignored"), column=column)

    # survey sheet

    def survey(self, sheet: Sheet, lists: ChoiceLists) -> list[Part]:
        pages: list[Part] = []
        page: Part | None = None
        grid: Part | None = None
        groups: list[tuple[str, str | None]] = []  # (kind, relevant) of the open groups
        skipping = 0
        for row in sheet.rows:
            kind = self.control(row)
            name = row.get("name")
            if skipping:
                skipping += kind in ("begin repeat", "begin loop")
                skipping -= kind in ("end repeat", "end loop")
                continue
            if not row.get("type"):
                continue
            self.check_columns(row)
            if kind in ("begin repeat", "begin loop"):
                self.problem(row, "survey", WHY_NOT[kind.split()[1]], name)
                skipping = 1
            elif kind == "begin group":
                group_type = xlsform_group_type(row.get("appearance"))
                if group_type is not None and grid is None:
                    if page is None:
                        page = {"id": f"{name}_page", "questions": [], "implicit": True}
                        pages.append(page)
                    grid = self.grid(row, group_type.name, self.joined(groups))
                    page["questions"].append(grid)
                    groups.append(("grid", None))
                elif grid is not None:
                    self.problem(row, "survey", N_("a grid cannot contain a group"), name)
                    groups.append(("ignored", None))
                elif page is not None and not page.get("implicit"):
                    self.warn(row, "survey", N_("group %(group)s inside a page: its questions "
                                                "are shown on the page"), group=repr(name))
                    groups.append(("inner", self.group_relevant(row)))
                else:
                    page = self.page(row)
                    pages.append(page)
                    groups.append(("page", self.group_relevant(row)))
            elif kind == "end group":
                opened = groups.pop()[0] if groups else "page"
                if opened == "grid" and grid is not None:
                    self.finish_grid(grid, lists)
                    grid = None
                    if page and page.get("implicit"):
                        page = None
                elif opened == "page":
                    page = None
            elif grid is not None:
                self.grid_row(row, grid)
            else:
                for question in self.question(row, lists, self.joined(groups)):
                    if page is None or page.get("implicit"):
                        pages.append({"id": f"{question['id']}_page", "questions": [question]})
                        page = None
                    else:
                        page["questions"].append(question)
        for item in pages:
            item.pop("implicit", None)
        return [item for item in pages if item["questions"]]

    def control(self, row: Row) -> str:
        """``begin group``/``end repeat`` ... for a group row (pyxform's aliases), else ''."""
        words = row.get("type").replace("_", " ").lower().split()
        if len(words) >= 2 and words[0] in ("begin", "end"):
            found = aliases.control.get(" ".join(words[1:]))
            if found:
                return f"{words[0]} {found}"
        return ""

    def joined(self, groups: list[tuple[str, str | None]]) -> str | None:
        """The open groups' conditions joined with ``and`` (None without any)."""
        conditions = [condition for _kind, condition in groups if condition]
        if not conditions:
            return None
        return " and ".join(f"({c})" if len(conditions) > 1 else c for c in conditions)

    def group_relevant(self, row: Row) -> str | None:
        source = row.get("relevant")
        if not source:
            return None
        try:
            return xpath_to_expression(source, self.kinds, self.int_codes)
        except XPathError as error:
            self.problem(row, "survey", N_("relevant %(source)s: %(error)s"), row.get("name"),
                         source=repr(source), error=str(error))
            return None

    def check_columns(self, row: Row) -> None:
        for column, value in row.cells.items():
            base, _language = split_column(column)
            if base in QUESTION_COLUMNS or base.startswith("$"):
                continue
            if base in MEDIA_COLUMNS:
                self.problem(row, "survey", N_("media column '%(column)s' (pictures or sound in "
                                               "a question) is not supported"), row.get("name"),
                             column=column)
            elif base in REFUSED_COLUMNS or base.startswith(("bind::", "instance::", "body::")):
                self.problem(row, "survey", N_("column '%(column)s' (%(value)s) is not "
                                               "supported"), row.get("name"),
                             column=column, value=repr(value))
            else:
                self.warn(row, "survey", N_("column '%(column)s' is ignored"), column=column)

    def page(self, row: Row) -> Part:
        page: Part = {"id": row.get("name"), "questions": []}
        title = self.texts(row, "label", "survey")
        if title:
            page["title"] = title
        for column in ("required", "constraint", STRATUM_COLUMN):
            if row.get(column):
                self.problem(row, "survey", N_("'%(column)s' on a page group is not supported; "
                                               "put it on the questions"), row.get("name"),
                             column=column)
        if row.get("appearance") not in ("", "field-list"):
            self.warn(row, "survey", N_("appearance '%(look)s' is ignored"),
                      look=row.get("appearance"))
        if self.texts(row, "hint", "survey"):
            self.warn(row, "survey", N_("the hint of a page group is not shown"))
        return page

    def grid(self, row: Row, type_name: str, condition: str | None) -> Part:
        grid: Part = {"id": row.get("name"), "type": type_name,
                      "text": self.texts(row, "label", "survey"), "rows": [], "_required": []}
        hint = self.texts(row, "hint", "survey")
        if hint:
            grid["help"] = hint
        self.relevant(row, grid, condition)
        for column in ("required", "constraint", STRATUM_COLUMN):
            if row.get(column):
                self.problem(row, "survey", N_("'%(column)s' on a grid group is not supported; "
                                               "put it on its rows"), row.get("name"),
                             column=column)
        return grid

    def grid_row(self, row: Row, grid: Part) -> None:
        name = row.get("name")
        base, list_name, _from_file = split_type(row.get("type"))
        if base != "select_one" or not list_name:
            self.problem(row, "survey", N_("a table-list grid may only hold select_one rows, "
                                           "not %(type)s"), name, type=repr(row.get("type")))
            return
        if grid.setdefault("choices", list_name) != list_name:
            self.problem(row, "survey", N_("every row of grid %(grid)s must use the list "
                                           "%(list)s, not %(other)s"), name,
                         grid=repr(grid["id"]), list=repr(grid["choices"]), other=repr(list_name))
        for column in ("relevant", "constraint", "choice_filter", STRATUM_COLUMN):
            if row.get(column):
                self.problem(row, "survey", N_("'%(column)s' on a grid row is not supported"),
                             name, column=column)
        if self.texts(row, "hint", "survey"):
            self.warn(row, "survey", N_("the hint of a grid row is not shown"))
        grid["_required"].append(self.required(row))
        grid["rows"].append({"id": name, "text": self.texts(row, "label", "survey")})

    def finish_grid(self, grid: Part, lists: ChoiceLists) -> None:
        required = set(grid.pop("_required"))
        if len(required) > 1:
            self.problem(None, "survey", N_("either all rows or no rows must be required"),
                         grid["id"])
        elif required and None not in required:
            grid["required"] = required.pop()
        for item in grid["rows"]:
            self.kinds[item["id"]] = question_type(grid["type"]).variable_kind
            if all(isinstance(c["code"], int) for c in lists.get(grid.get("choices", ""), [])):
                self.int_codes.add(item["id"])

    def required(self, row: Row) -> bool | None:
        value = row.get("required")
        if not value:
            return None
        found = yes_no(value)
        if found is None:
            self.problem(row, "survey", N_("required must be yes or no; a condition (%(value)s) "
                                           "is not supported"), row.get("name"),
                         value=repr(value))
        return found

    def question(self, row: Row, lists: ChoiceLists, condition: str | None) -> list[Part]:
        """The question(s) of a survey row: none (refused or metadata), one, or a select with
        ``or_other`` and its text question."""
        name = row.get("name")
        base, rest, from_file = split_type(row.get("type"))
        if base in METADATA:
            self.warn(row, "survey", N_("metadata '%(type)s' (%(name)s) is not stored: responses "
                                        "are anonymous"), type=base, name=name)
            return []
        found = None if from_file else xlsform_type(base)
        if found is None:
            why = WHY_NOT.get("select_one_from_file" if from_file else base)
            if base in MEDIA:
                why = N_("photos, recordings and files are not collected from residents")
            refusal = Message(N_("type %(type)s is not supported"), type=repr(row.get("type")))
            if why:
                refusal = Message.concat(refusal, ": ", Message(why))
            self.problem(row, "survey", refusal, name)
            return []
        label = self.texts(row, "label", "survey")
        if not found.asked and not label:
            label = {self.languages[0] if self.languages else "sv": name}
        question: Part = {"id": name, "type": found.name, "text": label}
        hint = self.texts(row, "hint", "survey")
        if hint:
            question["help"] = hint
        other = None
        if found.takes_choices:
            list_name, other = self.select_list(row, rest, lists)
            question["choices"] = list_name
            choices = lists.get(list_name, [])
            if found.variable_kind == "select" and choices and \
                    all(isinstance(c["code"], int) for c in choices):
                self.int_codes.add(name)
            self.choice_filter(row, question)
        elif row.get("choice_filter"):
            self.problem(row, "survey", N_("choice_filter is only for select questions"), name)
        required = self.required(row)
        if required is not None:
            question["required"] = required
        if row.get(STRATUM_COLUMN):
            question["stratum"] = row.get(STRATUM_COLUMN)
        self.relevant(row, question, condition)
        self.constraint(row, question)
        self.appearance(row, question)
        self.extras(row, question, found.asked)
        self.kinds[name] = found.variable_kind
        return [question, other] if other else [question]

    def select_list(self, row: Row, rest: str, lists: ChoiceLists) -> tuple[str, Part | None]:
        """The choice list of a select (``x or_other``: list x with "other", and the text
        question asked when "other" is chosen)."""
        words = rest.split()
        if words[-1:] != ["or_other"]:
            return rest.strip(), None
        list_name = " ".join(words[:-1])
        other_name = f"{list_name}_or_other"
        if other_name not in lists:
            source = self.languages[0] if self.languages else "sv"
            labels = {code: OTHER_LABELS.get(code, OTHER_LABELS["en"])[0]
                      for code in self.languages or [source]}
            lists[other_name] = [*lists.get(list_name, []), {"code": "other", "label": labels}]
        texts = {code: OTHER_LABELS.get(code, OTHER_LABELS["en"])[1]
                 for code in self.languages or ["sv"]}
        name = row.get("name")
        follow_up = {"id": f"{name}_other", "type": "text", "text": texts,
                     "relevant": f"selected({name}, 'other')"}
        return other_name, follow_up

    def choice_filter(self, row: Row, question: Part) -> None:
        source = row.get("choice_filter")
        if not source:
            return
        pairs: dict[str, str] = {}
        for clause in re.split(r"\s+and\s+", source):
            match = FILTER_CLAUSE.match(clause)
            variable = match and (match.group("var") or match.group("var2")).strip()
            if not match or not variable or variable not in self.kinds:
                self.problem(row, "survey", N_("choice_filter %(source)s cannot be expressed; "
                                               "supported: column = ${earlier_question}, joined "
                                               "by 'and'"), row.get("name"), source=repr(source))
                return
            column = match.group("col") or match.group("col2")
            pairs[column] = variable
            self.filter_columns.add(column)
        question["choice_filter"] = pairs

    def relevant(self, row: Row, question: Part, condition: str | None) -> None:
        own = None
        if row.get("relevant"):
            kinds = {k: v for k, v in self.kinds.items() if k != question["id"]}
            try:
                own = xpath_to_expression(row.get("relevant"), kinds, self.int_codes)
            except XPathError as error:
                self.problem(row, "survey", N_("relevant %(source)s: %(error)s"),
                             row.get("name"), source=repr(row.get("relevant")), error=str(error))
        parts = [part for part in (condition, own) if part]
        if parts:
            question["relevant"] = parts[0] if len(parts) == 1 else \
                " and ".join(f"({part})" for part in parts)

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
        if expressible:
            self.problem(row, "survey", N_("constraint %(constraint)s cannot be expressed; "
                                           "supported: %(supported)s"), row.get("name"),
                         constraint=repr(constraint), supported=expressible)
        else:
            self.problem(row, "survey", N_("constraint %(constraint)s cannot be expressed for a "
                                           "%(type)s question"), row.get("name"),
                         constraint=repr(constraint), type=repr(row.get("type")))

    def extras(self, row: Row, question: Part, asked: bool) -> None:
        """``default``, ``calculation`` and the translated messages."""
        for column in ("constraint_message", "required_message"):
            text = self.texts(row, column, "survey")
            source = self.languages[0] if self.languages else ""
            if text and source not in text:
                first = next(iter(text))
                text = {source: text[first], **text}
                self.warn(row, "survey", N_("%(column)s has no %(source)s text; the %(first)s "
                                            "one is shown in its place"),
                          column=column, source=repr(source), first=repr(first))
            if text:
                question[column] = text
        default = row.get("default")
        if default:
            if "${" in default or "(" in default:
                self.problem(row, "survey", N_("default %(default)s: a default worked out from "
                                               "other answers is not supported; use a fixed "
                                               "value"), row.get("name"), default=repr(default))
            else:
                question["default"] = default
        calculation = row.get("calculation")
        if calculation and asked:
            self.warn(row, "survey", N_("the calculation of a question that is asked is ignored"))
        elif calculation:
            try:
                parse_calculation(calculation)
            except CalculationError as error:
                self.problem(row, "survey", N_("calculation %(source)s: %(error)s"),
                             row.get("name"), source=repr(calculation), error=str(error))
                return
            question["calculation"] = calculation

    def appearance(self, row: Row, question: Part) -> None:
        kind = question_type(question["type"])
        for look in row.get("appearance").split():
            found = kind.from_xlsform_appearance(look)
            if found is not None:
                question.update(found)
            else:
                self.warn(row, "survey", N_("appearance '%(look)s' is ignored (surveyapp shows "
                                            "%(type)s questions its own phone-friendly way)"),
                          look=look, type=question["type"])
