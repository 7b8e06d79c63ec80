"""Translation coverage: which texts of a questionnaire are missing in which language."""

from __future__ import annotations

from dataclasses import dataclass

from questionnaires.model import Questionnaire


@dataclass(frozen=True)
class CoverageRow:
    """One translatable text: where it is, the source text and the languages it lacks."""

    path: str
    source_text: str
    missing: frozenset[str]


@dataclass(frozen=True)
class Coverage:
    """The coverage table of one questionnaire version."""

    languages: tuple[str, ...]
    rows: tuple[CoverageRow, ...]

    def translated(self, language: str) -> int:
        """How many texts exist in ``language``."""
        return sum(language not in row.missing for row in self.rows)

    def share(self, language: str) -> float:
        """The share (0–1) of texts translated into ``language``."""
        return self.translated(language) / len(self.rows) if self.rows else 1.0

    def missing_rows(self) -> tuple[CoverageRow, ...]:
        """The rows that lack at least one language."""
        return tuple(row for row in self.rows if row.missing)

    @property
    def complete(self) -> bool:
        """Whether every text exists in every language."""
        return not self.missing_rows()


def coverage(questionnaire: Questionnaire) -> Coverage:
    """The translation coverage of ``questionnaire`` (paths from ``Questionnaire.texts()``)."""
    source = questionnaire.source_language
    rows = tuple(
        CoverageRow(
            path=path,
            source_text=text(source),
            missing=frozenset(code for code in questionnaire.languages if not text.has(code)),
        )
        for path, text in questionnaire.texts()
    )
    return Coverage(questionnaire.languages, rows)
