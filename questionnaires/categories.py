"""Pin categories and times of day for the map dialogue (``library/dialogue_categories.yaml``).

Pure Python: codes and labels per language, with Swedish as the fallback.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

LIBRARY = Path(__file__).resolve().parent / "library"
FALLBACK = "sv"


@dataclass(frozen=True)
class Label:
    """A code with its label in every language of the file."""

    code: str
    labels: dict[str, str]

    def text(self, language: str) -> str:
        """The label in ``language``, else in Swedish."""
        return self.labels.get(language) or self.labels[FALLBACK]


@dataclass(frozen=True)
class DialogueVocabulary:
    """The categories and times of day residents choose from."""

    categories: tuple[Label, ...]
    times_of_day: tuple[Label, ...]
    languages: tuple[str, ...]

    def category(self, code: str) -> Label | None:
        """The category with ``code``, or None."""
        return next((item for item in self.categories if item.code == code), None)

    def time_of_day(self, code: str) -> Label | None:
        """The time of day with ``code``, or None."""
        return next((item for item in self.times_of_day if item.code == code), None)


def _labels(items: list[dict[str, Any]], source: str) -> tuple[Label, ...]:
    result = []
    for item in items:
        code, labels = item.get("code"), item.get("label")
        if not isinstance(code, str) or not isinstance(labels, dict) or FALLBACK not in labels:
            raise ValueError(f"{source}: every entry needs a code and a label with {FALLBACK!r}")
        result.append(Label(code=code, labels={str(k): str(v) for k, v in labels.items()}))
    if len({label.code for label in result}) != len(result):
        raise ValueError(f"{source}: duplicate codes")
    return tuple(result)


def load_vocabulary(path: Path) -> DialogueVocabulary:
    """Read and check a dialogue-categories file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return DialogueVocabulary(
        categories=_labels(data.get("categories") or [], str(path)),
        times_of_day=_labels(data.get("times_of_day") or [], str(path)),
        languages=tuple(data.get("languages") or (FALLBACK,)),
    )


@cache
def dialogue_vocabulary() -> DialogueVocabulary:
    """The bundled categories and times of day (read once per process)."""
    return load_vocabulary(LIBRARY / "dialogue_categories.yaml")
