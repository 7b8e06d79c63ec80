"""Comparability across questionnaire versions: which answer variables mean the same thing.

An item (answer variable; a grid row is an item of its own) is comparable between two versions
when it exists in both, has the same question type and the same set of choice codes. Wording
changes are not detected here: they are an analyst's judgement, and translations change often.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from questionnaires.loader import load_definition
from questionnaires.model import Questionnaire

COMPARABLE = "comparable"
CHANGED_TYPE = "changed_type"
CHANGED_CODES = "changed_codes"
ADDED = "added"
REMOVED = "removed"


@dataclass(frozen=True)
class ItemComparison:
    """How one answer variable relates between an old and a new version."""

    variable: str
    status: str
    old_codes: tuple[str, ...] = ()
    new_codes: tuple[str, ...] = ()

    @property
    def comparable(self) -> bool:
        """Whether answers to this item can be compared across the two versions."""
        return self.status == COMPARABLE


def _items(questionnaire: Questionnaire) -> dict[str, tuple[str, tuple[str, ...]]]:
    """variable → (answer kind, sorted choice codes as text)."""
    items = {}
    for question in questionnaire.questions():
        for variable in question.variables():
            codes = tuple(sorted(str(choice.code) for choice in question.choices))
            items[variable] = (question.question_type.compared_as(), codes)
    return items


def _model(definition: Mapping[str, Any] | Questionnaire) -> Questionnaire:
    if isinstance(definition, Questionnaire):
        return definition
    return load_definition(definition)


def compare_versions(
    old: Mapping[str, Any] | Questionnaire, new: Mapping[str, Any] | Questionnaire
) -> list[ItemComparison]:
    """Every item of both versions (new order, then removed ones) with its status."""
    old_items, new_items = _items(_model(old)), _items(_model(new))
    result = []
    for variable, (kind, codes) in new_items.items():
        if variable not in old_items:
            result.append(ItemComparison(variable, ADDED, (), codes))
            continue
        old_kind, old_codes = old_items[variable]
        status = COMPARABLE
        if old_kind != kind:
            status = CHANGED_TYPE
        elif old_codes != codes:
            status = CHANGED_CODES
        result.append(ItemComparison(variable, status, old_codes, codes))
    result.extend(
        ItemComparison(variable, REMOVED, codes, ())
        for variable, (_kind_, codes) in old_items.items()
        if variable not in new_items
    )
    return result


def comparable_items(
    old: Mapping[str, Any] | Questionnaire, new: Mapping[str, Any] | Questionnaire
) -> list[str]:
    """The variables with the same id, type and choice codes in both versions (new order)."""
    return [item.variable for item in compare_versions(old, new) if item.comparable]
