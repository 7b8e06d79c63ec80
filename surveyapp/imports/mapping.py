"""Which file column holds which questionnaire variable, and which file value is which code.

Targets are the questionnaire's answer variables (a single-choice question, a grid row, a
number, a text, a place) plus, for a multiple-choice question ``q``, either ``q`` itself (the
chosen codes in one cell, separated by ``;``, ``,`` or spaces) or one 0/1 column ``q_<code>``
per choice (the app's own export and SPSS "multiple dichotomy" sets).

Automatic mapping: a column maps to the target whose name it equals when case, spaces and
hyphens are ignored; the background questions that are weighting strata also take the names
``area``/``område``, ``sex``/``kön`` and ``age_group``/``ålder``; a weight column is found by
the names ``vikt``, ``weight``, ``basvikt`` or ``base_weight``. Automatic value mapping: a file
value that is not a code is mapped to the choice whose label (in any language) equals the
value or its SPSS value label, an age such as ``37`` to the age-group code ``25-44`` that holds
it, and an area's name to its code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from questionnaires import Question, Questionnaire

STRATUM_ALIASES = {
    "sex": ("sex", "kön", "kon", "gender"),
    "age_group": ("age_group", "age", "ålder", "alder", "åldersgrupp", "aldersgrupp"),
    "area": ("area", "area_code", "område", "omrade", "region"),
}
WEIGHT_NAMES = ("vikt", "weight", "weights", "basvikt", "base_weight", "designvikt")
MAX_VALUES_TO_MAP = 100  # columns with more distinct values are not offered for value mapping
_AGE_RANGE = re.compile(r"^(\d+)\s*[-–]\s*(\d+)$")


@dataclass(frozen=True)
class Target:
    """Something a file column can be mapped to."""

    name: str
    question: Question
    kind: str  # "value": one variable; "codes": a multi's codes in one cell; "flag": 0/1
    code: str | None = None  # the choice of a "flag" column

    @property
    def takes_value_map(self) -> bool:
        """Whether file values are translated into codes (choices and areas)."""
        return self.kind == "codes" or (
            self.kind == "value" and (bool(self.question.choices)
                                      or self.question.question_type.holds_area))


def targets(model: Questionnaire) -> dict[str, Target]:
    """Every target of ``model`` by name, in questionnaire order."""
    out: dict[str, Target] = {}
    for question in model.questions():
        if question.type == "multi":
            out[question.id] = Target(question.id, question, "codes")
            for choice in question.choices:
                name = f"{question.id}_{choice.code}"
                out[name] = Target(name, question, "flag", str(choice.code))
        else:
            for variable in question.variables():
                out[variable] = Target(variable, question, "value")
    return out


def normalise(name: str) -> str:
    """A column or variable name compared without case, spaces or hyphens."""
    return re.sub(r"[\s\-.]+", "_", name.strip().casefold()).strip("_")


def auto_mapping(model: Questionnaire, columns: list[str]) -> dict[str, str]:
    """Column → target for every column whose name matches a target (each target once)."""
    names: dict[str, str] = {normalise(name): name for name in targets(model)}
    for stratum, aliases in STRATUM_ALIASES.items():
        question = model.stratum_question(stratum)
        if question is not None:
            for alias in aliases:
                names.setdefault(normalise(alias), question.id)
    mapping: dict[str, str] = {}
    for column in columns:
        target = names.get(normalise(column))
        if target is not None and target not in mapping.values():
            mapping[column] = target
    return mapping


def auto_weight(columns: list[str], mapping: Mapping[str, str]) -> str | None:
    """The first column named like a weight that is not mapped to a variable."""
    return next((c for c in columns if normalise(c) in WEIGHT_NAMES and c not in mapping), None)


def _codes(target: Target, areas: Mapping[str, str]) -> dict[str, str]:
    """Code (as text) → what to match it by: the code and the labels, or the area name."""
    if target.question.question_type.holds_area:
        return {code: name for code, name in areas.items()}
    return {str(c.code): str(c.code) for c in target.question.choices}


def code_options(target: Target, areas: Mapping[str, str], language: str
                 ) -> list[tuple[str, str]]:
    """(code, label) choices for the value-mapping form."""
    if target.question.question_type.holds_area:
        return [(code, f"{code} {name}") for code, name in areas.items()]
    return [(str(c.code), f"{c.code} {c.label(language)}") for c in target.question.choices]


def auto_value_map(target: Target, column: Mapping[str, Any], areas: Mapping[str, str]
                   ) -> dict[str, str]:
    """File value → code for the values of ``column`` (its description) that are not codes."""
    codes = _codes(target, areas)
    by_text: dict[str, str] = {}
    for code, name in codes.items():
        by_text[normalise(code)] = code
        by_text.setdefault(normalise(name), code)
    for choice in target.question.choices:
        for label in choice.label.by_language.values():
            by_text.setdefault(normalise(label), str(choice.code))
    mapped: dict[str, str] = {}
    labels = column.get("labels") or {}
    for value in column["values"]:
        if value in codes:
            continue
        found = by_text.get(normalise(value)) or by_text.get(normalise(labels.get(value, "")))
        if found is None:
            found = _age_code(value, codes)
        if found is not None:
            mapped[value] = found
    return mapped


def _age_code(value: str, codes: Mapping[str, str]) -> str | None:
    """The range code (``25-44``) holding a whole number of years, if the codes are ranges."""
    if not value.isdigit():
        return None
    for code in codes:
        match = _AGE_RANGE.match(code)
        if match and int(match.group(1)) <= int(value) <= int(match.group(2)):
            return code
    return None


def check_mapping(model: Questionnaire, columns: list[str], mapping: Mapping[str, str],
                  weight: str | None, value_map: Mapping[str, Mapping[str, str]],
                  areas: Mapping[str, str]) -> list[str]:
    """Translated problems with a chosen mapping (empty: it can be used)."""
    known = targets(model)
    problems = []
    used: dict[str, str] = {}
    for column, target in mapping.items():
        if column not in columns:
            problems.append(_("There is no column “%(column)s” in the file.", column=column))
        elif target not in known:
            problems.append(_("“%(target)s” is not a variable of the questionnaire.",
                              target=target))
        elif target in used:
            problems.append(_("Both “%(first)s” and “%(second)s” are mapped to %(target)s.",
                              first=used[target], second=column, target=target))
        else:
            used[target] = column
    for question in model.questions():
        if question.type == "multi" and question.id in used and any(
                known[t].question is question and known[t].kind == "flag" for t in used):
            problems.append(_("%(question)s is mapped both as one column of codes and as "
                              "0/1 columns; choose one.", question=question.id))
        if question.required and not any(known[t].question is question for t in used
                                          if t in known):
            problems.append(_("The required question %(question)s has no column.",
                              question=question.id))
    if weight and weight not in columns:
        problems.append(_("There is no column “%(column)s” in the file.", column=weight))
    elif weight and weight in mapping:
        problems.append(_("The weight column “%(column)s” is also mapped to a variable.",
                          column=weight))
    for target_name, values in value_map.items():
        mapped = known.get(target_name)
        if mapped is None:
            continue
        allowed = _codes(mapped, areas)
        for raw, code in values.items():
            if code not in allowed:
                problems.append(_("“%(code)s” is not a code of %(target)s (for the file value "
                                  "“%(value)s”).", code=code, target=target_name, value=raw))
    return problems
