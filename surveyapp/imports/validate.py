"""Check every row of a mapped file against the questionnaire, as the survey pages would.

Each question is read by the widget of its type (:mod:`surveyapp.surveys.widgets`, the same
code that reads a resident's page: choices, whole numbers and their bounds, exclusive choices,
text length, areas of the campaign), and the skip logic, required answers, final answers and
strata come from :class:`surveyapp.surveys.flow.Flow`. So an imported response is one the
survey itself could have stored. On top of that an import refuses an answer to a question that
the skip logic says was not asked (the survey would have dropped it silently; in a file it
means a column or a code is wrong), and a weight that is not a positive number.

Reading is memoised per question and per distinct combination of file values, so a large file
costs one widget call per distinct answer, not per cell.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from questionnaires import Question, Questionnaire
from surveyapp.imports.mapping import Target, targets
from surveyapp.imports.reader import Table
from surveyapp.surveys.flow import Flow, is_answered
from surveyapp.surveys.widgets import PageAnswers, widget_for

Problem = tuple[int, str, str]  # row number, column, message
PROGRESS_EVERY = 5000
_SPLIT = re.compile(r"[;,\s]+")


@dataclass
class Checked:
    """The outcome: rows ready to store (only meaningful without problems) and every problem."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass
class _Input:
    """A part of a question read from the file at once: its columns and targets, and what the
    widget made of each combination of values seen so far."""

    question: Question
    columns: list[tuple[str, Target]]


def check_rows(model: Questionnaire, table: Table, mapping: Mapping[str, str],
               value_map: Mapping[str, Mapping[str, str]], weight_column: str | None,
               area_codes: list[str], progress: Callable[[int], None] | None = None
               ) -> Checked:
    """Check every row; collect every problem with its row number and column name."""
    known = targets(model)
    units = _units(model, mapping, known)
    column_of = {known[t].name: c for c, t in mapping.items() if t in known}
    reads = [_read_column(unit, table, value_map, area_codes) for unit in units]
    flow = Flow(model)
    questions = [(q, q.variables(), [u for u in units if u.question is q])
                 for q in model.questions()]
    # a question without skip logic is always shown (Flow.shown), so only these are asked
    conditional = [item for item in questions if item[0].relevant is not None]
    required = [item for item in questions if item[0].required]
    strata_ids = [q.id for q in model.questions() if q.stratum]
    strata_memo: dict[tuple[str, ...], dict[str, str | None]] = {}
    result = Checked()
    weights = table.cells[weight_column] if weight_column else None
    for index in range(table.row_count):
        row_number = table.row_number(index)
        answers: dict[str, Any] = {}
        errors: list[Problem] = []
        for unit, unit_reads in zip(units, reads, strict=True):
            values, unit_errors = unit_reads[index]
            answers.update(values)
            for variable, message in unit_errors.items():
                errors.append((row_number, _column(unit, variable, table, index, column_of),
                               message))
        hidden = set()
        for question, variables, question_units in conditional:
            if not flow.shown(question, answers):
                hidden.add(question.id)
                if any(is_answered(answers.get(v)) for v in variables):
                    errors.append((row_number, _columns_with_values(question_units, table, index),
                                   _("This question was not asked of this respondent (skip "
                                     "logic), but the row has an answer to it.")))
        for question, variables, question_units in required:
            if question.id in hidden:
                continue
            for variable in variables:
                if not is_answered(answers.get(variable)) and not _has_error(
                        errors, question_units, variable, column_of):
                    errors.append((row_number, column_of.get(variable, question.id),
                                   _("An answer is required here.")))
        weight = None
        if weights is not None and weight_column is not None:
            weight = _weight(weights[index])
            if weight is None:
                errors.append((row_number, weight_column,
                               _("The weight must be a positive number.")))
        if errors:
            result.problems.extend(errors)
        elif not result.problems:
            # a valid row answers only questions it was asked, so these are its final answers
            # (Flow.final_answers would drop nothing)
            key = tuple(str(answers.get(q)) for q in strata_ids)
            strata = strata_memo.get(key)
            if strata is None:
                strata = strata_memo[key] = flow.strata(answers)
            result.rows.append({"answers": answers, "base_weight": weight, **strata})
        if progress is not None and (index + 1) % PROGRESS_EVERY == 0:
            progress(index + 1)
    return result


_Read = tuple[dict[str, Any], dict[str, str]]


def _read_column(unit: _Input, table: Table, value_map: Mapping[str, Mapping[str, str]],
                 area_codes: list[str]) -> list[_Read]:
    """The widget's reading (answered values, errors) of the unit for every row, one widget
    call per distinct combination of file values."""
    cells = [table.cells[column] for column, _t in unit.columns]
    keys: list[Any] = list(zip(*cells, strict=True)) if len(cells) > 1 else cells[0]
    memo: dict[Any, _Read] = {}
    out = []
    for key in keys:
        found = memo.get(key)
        if found is None:
            raws = key if len(cells) > 1 else (key,)
            read = _read(unit, raws, value_map, area_codes)
            found = memo[key] = ({k: v for k, v in read.values.items() if v is not None},
                                 read.errors)
        out.append(found)
    return out


def _units(model: Questionnaire, mapping: Mapping[str, str], known: Mapping[str, Target]
           ) -> list[_Input]:
    """The mapped columns of each question, in questionnaire order. The rows of a grid are
    independent variables, so each is read (and memoised) on its own; the columns of a
    multiple choice are read together (an exclusive choice excludes the others)."""
    units: list[_Input] = []
    for question in model.questions():
        columns = [(column, known[target]) for column, target in mapping.items()
                   if target in known and known[target].question is question]
        if len(columns) > 1 and all(target.kind == "value" for _c, target in columns):
            units.extend(_Input(question, [column]) for column in columns)
        elif columns:
            units.append(_Input(question, columns))
    return units


def _read(item: _Input, raws: tuple[str, ...], value_map: Mapping[str, Mapping[str, str]],
          area_codes: list[str]) -> PageAnswers:
    """Read one question's file values with its widget, after value mapping."""
    form: MultiDict = MultiDict()
    flag_errors: dict[str, str] = {}
    for (column, target), raw in zip(item.columns, raws, strict=True):
        codes = value_map.get(target.name, {})
        if target.kind == "flag":
            if raw in ("1", "1.0"):
                form.add(item.question.id, target.code)
            elif raw not in ("", "0"):
                flag_errors[column] = _("Write 1 (chosen), 0 (not chosen) or leave it empty.")
        elif target.kind == "codes":
            for part in _SPLIT.split(raw):
                if part:
                    form.add(item.question.id, codes.get(part, part))
        elif raw != "":
            form.add(target.name, codes.get(raw, raw))
    read = PageAnswers()
    widget_for(item.question).read(item.question, form, area_codes, read, False)
    read.errors.update(flag_errors)
    return read


def _column(unit: _Input, variable: str, table: Table, index: int,
            column_of: Mapping[str, str]) -> str:
    """The file column to blame for an error on ``variable`` (a 0/1 column's own name; for a
    multiple choice from 0/1 columns, the columns marked 1)."""
    if variable in column_of:
        return column_of[variable]
    if any(column == variable for column, _t in unit.columns):
        return variable
    return _columns_with_values([unit], table, index) or unit.columns[0][0]


def _columns_with_values(units: list[_Input], table: Table, index: int) -> str:
    return ", ".join(column for unit in units for column, _t in unit.columns
                     if table.cells[column][index] not in ("", "0"))


def _has_error(errors: list[Problem], units: list[_Input], variable: str,
               column_of: Mapping[str, str]) -> bool:
    """Whether the row already has an error in this question's columns (not reported twice:
    a value that is not a choice is also a missing answer)."""
    if not errors or not units:
        return False
    names = {column_of.get(variable, variable)} | {c for u in units for c, _t in u.columns}
    return any(any(part in names for part in column.split(", "))
               for _row, column, _message in errors)


def _weight(raw: str) -> float | None:
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        return None
    return value if math.isfinite(value) and value > 0 else None
