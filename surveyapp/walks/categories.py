"""Observation categories: the dialogue pin categories of the bundled library, per language."""

from __future__ import annotations

from questionnaires.categories import dialogue_vocabulary


def category_codes() -> tuple[str, ...]:
    """The category codes in their display order."""
    return tuple(item.code for item in dialogue_vocabulary().categories)


def category_label(code: str, language: str) -> str:
    """The category's label in ``language`` (Swedish when missing; the code when unknown)."""
    item = dialogue_vocabulary().category(code)
    return item.text(language) if item is not None else code


def category_choices(language: str) -> list[tuple[str, str]]:
    """``(code, label)`` pairs for a select list."""
    return [(item.code, item.text(language)) for item in dialogue_vocabulary().categories]
