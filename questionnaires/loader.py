"""Build a :class:`Questionnaire` from YAML, collecting every problem before failing.

Each problem names the file, the place (page or question id) and what is wrong, so an author can
fix a whole file in one go.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from questionnaires.calculations import Calculation, CalculationError, parse_calculation
from questionnaires.expressions import Expression, ExpressionError, parse
from questionnaires.messages import N_, Message
from questionnaires.model import (
    STRATA,
    Choice,
    GridRow,
    Page,
    Question,
    Questionnaire,
    Text,
)
from questionnaires.types import question_type, type_names

IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")
ISO_DATE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")
KEY = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
LIBRARY = Path(__file__).parent / "library"


class QuestionnaireError(ValueError):
    """A questionnaire that cannot be used; ``problems`` lists every problem found."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        lines = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"{source}: {len(problems)} problem(s)\n{lines}")


def load_file(path: str | Path) -> Questionnaire:
    """Load and validate a questionnaire YAML file."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise QuestionnaireError(str(path), [f"not valid YAML: {error}"]) from error
    except OSError as error:
        raise QuestionnaireError(str(path), [f"cannot read the file: {error.strerror}"]) from error
    return load_definition(data, source=str(path))


def load_library(key: str) -> Questionnaire:
    """Load a questionnaire bundled in ``questionnaires/library``."""
    return load_file(LIBRARY / f"{key}.yaml")


def load_definition(data: Any, source: str = "<definition>") -> Questionnaire:
    """Validate a parsed definition (as stored in the database) and build the model."""
    builder = _Builder(source)
    questionnaire = builder.build(data)
    if builder.problems:
        raise QuestionnaireError(source, builder.problems)
    assert questionnaire is not None
    return questionnaire


class _Builder:
    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[str] = []
        self.languages: tuple[str, ...] = ()
        self.seen_variables: list[str] = []
        self.lists: dict[str, tuple[Choice, ...]] = {}

    def problem(self, where: str, what: str, **params: Any) -> None:
        """Record a problem at ``where``: ``what`` is a template filled from ``params``."""
        self.problems.append(Message.concat(where, ": ", Message(what, **params)))

    def build(self, data: Any) -> Questionnaire | None:
        if not isinstance(data, Mapping):
            self.problem("file", N_("the top level must be a mapping with key, version, pages"))
            return None
        key = str(data.get("key", ""))
        if not KEY.match(key):
            self.problem("key", N_("%(key)s must be lower case letters, digits, _ or -"),
                         key=repr(key))
        version = data.get("version")
        if version in (None, ""):
            self.problem("version", N_("is missing"))
        languages = data.get("languages")
        if not isinstance(languages, list) or not languages:
            self.problem("languages", N_("must be a non-empty list of language codes, source "
                                          "first"))
            languages = ["sv"]
        self.languages = tuple(str(code) for code in languages)
        title = self.text(data.get("title"), "title", required=True)
        intro = self.text(data.get("intro"), "intro") if "intro" in data else None
        self.lists = self.choice_lists(data.get("choice_lists") or {})
        pages = self.pages(data.get("pages"))
        if self.problems:
            return None
        return Questionnaire(
            key=key,
            version=str(version),
            languages=self.languages,
            title=title,
            intro=intro,
            pages=pages,
            definition=dict(data),
        )

    def flag(self, data: Mapping[str, Any], name: str, where: str) -> bool:
        """A yes/no setting, false when absent; a quoted "no" is refused, not read as True."""
        value = data.get(name)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.problem(where, N_("%(name)s must be true or false, not %(value)s"), name=name,
                         value=repr(value))
            return False
        return value

    def text(self, value: Any, where: str, required: bool = False) -> Text:
        source = self.languages[0]
        if value is None:
            if required:
                self.problem(where, N_("text is missing"))
            return Text({}, source)
        if not isinstance(value, Mapping):
            self.problem(where, N_("a text must be a mapping of languages, e.g. {%(source)s: ...}"),
                         source=source)
            return Text({}, source)
        unknown = sorted(set(map(str, value)) - set(self.languages))
        if unknown:
            self.problem(where, N_("language(s) %(codes)s not listed in 'languages'"),
                         codes=", ".join(unknown))
        if not str(value.get(source) or "").strip():
            self.problem(where, N_("the source language '%(source)s' text is missing"),
                         source=source)
        return Text({str(k): str(v) for k, v in value.items() if v is not None}, source)

    def choice_lists(self, lists: Any) -> dict[str, tuple[Choice, ...]]:
        if not isinstance(lists, Mapping):
            self.problem("choice_lists", N_("must be a mapping of list name to choices"))
            return {}
        return {str(n): self.choices(c, Message(N_("choice list %(name)s"), name=n))
                for n, c in lists.items()}

    def choices_of(self, data: Mapping[str, Any], where: str) -> tuple[Choice, ...]:
        """A question's choices: a list of its own or the name of a shared list."""
        raw = data.get("choices")
        if isinstance(raw, str):
            if raw not in self.lists:
                self.problem(where, N_("choice list %(name)s is not defined in choice_lists"),
                             name=repr(raw))
            return self.lists.get(raw, ())
        return self.choices(raw, where)

    def choices(self, items: Any, where: str) -> tuple[Choice, ...]:
        if not isinstance(items, list) or not items:
            self.problem(where, N_("choices must be a non-empty list of {code, label}"))
            return ()
        result: list[Choice] = []
        for index, item in enumerate(items, start=1):
            if not isinstance(item, Mapping) or "code" not in item:
                self.problem(where, N_("choice %(index)s needs a code and a label"), index=index)
                continue
            code = item["code"]
            if not isinstance(code, int | str) or isinstance(code, bool) or str(code) == "":
                self.problem(where, N_("choice %(index)s code %(code)s must be an integer or a "
                                       "string"), index=index, code=repr(code))
                continue
            if any(str(c.code) == str(code) for c in result):
                self.problem(where, N_("choice code %(code)s appears twice"), code=repr(code))
            place = Message.concat(where, Message(N_(", choice %(code)s"), code=code))
            label = self.text(item.get("label"), place, required=True)
            filters = item.get("filters") or {}
            if not isinstance(filters, Mapping):
                self.problem(place, N_("filters must be a mapping of column to value"))
                filters = {}
            result.append(Choice(code, label, self.flag(item, "exclusive", place),
                                 {str(k): str(v) for k, v in filters.items()}))
        return tuple(result)

    def pages(self, pages: Any) -> tuple[Page, ...]:
        if not isinstance(pages, list) or not pages:
            self.problem("pages", N_("must be a non-empty list of pages with questions"))
            return ()
        result = []
        page_ids: set[str] = set()
        for index, page in enumerate(pages, start=1):
            where = Message(N_("page %(page)s"), page=index)
            if not isinstance(page, Mapping):
                self.problem(where, N_("must be a mapping with id and questions"))
                continue
            page_id = str(page.get("id", ""))
            if not IDENTIFIER.match(page_id):
                self.problem(where, N_("id %(id)s must match [a-z][a-z0-9_]*"), id=repr(page_id))
            elif page_id in page_ids:
                self.problem(Message(N_("page %(page)s"), page=page_id), N_("id appears twice"))
            page_ids.add(page_id)
            named = Message(N_("page %(page)s"), page=page_id)
            title = self.text(page["title"], named) if "title" in page else None
            questions = page.get("questions")
            if not isinstance(questions, list) or not questions:
                self.problem(named, N_("needs at least one question"))
                continue
            built = [self.question(q, named) for q in questions]
            result.append(Page(page_id, title, tuple(q for q in built if q is not None)))
        return tuple(result)

    def question(self, data: Any, page: str) -> Question | None:
        if not isinstance(data, Mapping):
            self.problem(page, N_("each question must be a mapping with id, type and text"))
            return None
        qid = str(data.get("id", ""))
        where = Message(N_("question %(id)s"), id=qid) if qid else \
            Message.concat(page, Message(N_(", a question without id")))
        if not IDENTIFIER.match(qid):
            self.problem(where, N_("id %(id)s must match [a-z][a-z0-9_]*"), id=repr(qid))
        qtype = data.get("type")
        if not isinstance(qtype, str) or qtype not in type_names():
            self.problem(where, N_("type %(type)s is not one of %(types)s"), type=repr(qtype),
                         types=", ".join(type_names()))
            return None
        kind = question_type(qtype)
        relevant = None
        if data.get("relevant"):
            relevant = self.relevant(str(data["relevant"]), where)
        choices, rows = kind.definition_parts(data, where, self)
        stratum = data.get("stratum")
        if stratum is not None and stratum not in STRATA:
            self.problem(where, N_("stratum %(stratum)s is not one of %(strata)s"),
                         stratum=repr(stratum), strata=", ".join(STRATA))
        if stratum == "area" and not kind.holds_area:
            self.problem(where, N_("the area stratum must be a place question"))
        minimum, maximum = data.get("min"), data.get("max")
        allowed: type | tuple[type, ...] = (int, float) if qtype == "decimal" else int
        for name, bound in (("min", minimum), ("max", maximum)):
            if bound is not None and (not isinstance(bound, allowed) or isinstance(bound, bool)):
                what = N_("%(name)s must be a number") if qtype == "decimal" else \
                    N_("%(name)s must be an integer")
                self.problem(where, what, name=name)
                minimum, maximum = (None, maximum) if name == "min" else (minimum, None)
        if minimum is not None and maximum is not None and minimum > maximum:
            self.problem(where, N_("min %(min)s is larger than max %(max)s"), min=minimum,
                         max=maximum)
        calculation = self.calculation(data, where, computed=not kind.asked)
        choice_filter = self.choice_filter(data.get("choice_filter"), where, choices)
        for name in ("earliest", "latest"):
            bound = data.get(name)
            if bound is not None and bound != "today" and not ISO_DATE.match(str(bound)):
                self.problem(where, N_("%(name)s must be 'today' or a date like 2025-01-31"),
                             name=name)
        for variable in kind.variables(qid, rows):
            if variable in self.seen_variables:
                self.problem(where, N_("variable %(variable)s is used twice"),
                             variable=repr(variable))
            self.seen_variables.append(variable)
        return Question(
            id=qid,
            type=qtype,
            text=self.text(data.get("text"), where, required=True),
            help=self.text(data["help"], Message.concat(where, Message(N_(" help"))))
            if data.get("help") else None,
            choices=choices,
            rows=rows,
            required=self.flag(data, "required", where),
            relevant=relevant,
            stratum=stratum,
            minimum=minimum,
            maximum=maximum,
            max_length=int(data.get("max_length", 2000)),
            multiline=self.flag(data, "multiline", where),
            default=None if data.get("default") in (None, "") else str(data["default"]),
            constraint_message=self.optional_text(data, "constraint_message", where),
            required_message=self.optional_text(data, "required_message", where),
            choice_filter=choice_filter,
            calculation=calculation,
            earliest=str(data["earliest"]) if data.get("earliest") else None,
            latest=str(data["latest"]) if data.get("latest") else None,
        )

    def optional_text(self, data: Mapping[str, Any], name: str, where: str) -> Text | None:
        """The translated text ``name`` of a question, if it has one."""
        return self.text(data[name], Message.concat(where, f" {name}")) if data.get(name) \
            else None

    def calculation(self, data: Mapping[str, Any], where: str,
                    computed: bool) -> Calculation | None:
        """The parsed ``calculation`` of a calculate question (refused on any other type)."""
        source = data.get("calculation")
        if not computed:
            if source:
                self.problem(where, N_("only a calculate question takes a calculation"))
            return None
        if not source:
            self.problem(where, N_("a calculate question needs a calculation"))
            return None
        try:
            calculation = parse_calculation(str(source))
        except CalculationError as error:
            self.problem(where, N_("calculation %(source)s: %(error)s"), source=repr(source),
                         error=str(error))
            return None
        unknown = sorted(calculation.variables() - set(self.seen_variables))
        if unknown:
            self.problem(where, N_("calculation uses %(variables)s, which no earlier question "
                                   "asks"), variables=", ".join(unknown))
        return calculation

    def choice_filter(self, raw: Any, where: str,
                      choices: tuple[Choice, ...]) -> tuple[tuple[str, str], ...]:
        """``{column: variable}`` as (column, variable) pairs, each variable asked earlier and
        each column given on the choices."""
        if raw is None:
            return ()
        if not isinstance(raw, Mapping) or not raw:
            self.problem(where, N_("choice_filter must be a mapping of choice column to question "
                                   "id"))
            return ()
        pairs = tuple((str(column), str(variable)) for column, variable in raw.items())
        for column, variable in pairs:
            if variable not in self.seen_variables:
                self.problem(where, N_("choice_filter uses %(variable)s, which no earlier "
                                       "question asks"), variable=variable)
            if not any(column in choice.filters for choice in choices):
                self.problem(where, N_("choice_filter compares the column %(column)s, which no "
                                       "choice has (add it under filters)"), column=repr(column))
        return pairs

    def rows(self, rows: Any, where: str) -> tuple[GridRow, ...]:
        if not isinstance(rows, list) or not rows:
            self.problem(where, N_("a grid needs rows: [{id, text}]"))
            return ()
        result = []
        for index, row in enumerate(rows, start=1):
            row_id = str(row.get("id", "")) if isinstance(row, Mapping) else ""
            if not IDENTIFIER.match(row_id):
                self.problem(where, N_("row %(index)s id %(id)s must match [a-z][a-z0-9_]*"),
                             index=index, id=repr(row_id))
                continue
            place = Message.concat(where, Message(N_(" row %(row)s"), row=row_id))
            text = self.text(row.get("text"), place, required=True)
            result.append(GridRow(row_id, text))
        return tuple(result)

    def relevant(self, source: str, where: str) -> Expression | None:
        try:
            expression = parse(source)
        except ExpressionError as error:
            self.problem(where, N_("relevant: %(error)s"), error=str(error))
            return None
        unknown = sorted(expression.variables() - set(self.seen_variables))
        if unknown:
            self.problem(where, N_("relevant uses %(variables)s, which no earlier question asks"),
                         variables=", ".join(unknown))
        return expression
