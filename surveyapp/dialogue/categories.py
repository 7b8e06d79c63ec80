"""A dialogue's pin categories: the bundled list or the dialogue's own, in one vocabulary type.

The custom list is written one category a line, ``code; sv: Text; en: Text`` (Swedish
required), so staff can type it in a text box and the CLI can read it from a file.
"""

from __future__ import annotations

import re
from typing import Any

from flask_babel import gettext as _

from questionnaires.categories import DialogueVocabulary, Label, dialogue_vocabulary
from surveyapp.i18n import LANGUAGES

CODE = re.compile(r"^[a-z0-9_]{1,32}$")
LABEL_MAX_LENGTH = 100
MAX_CATEGORIES = 30


def vocabulary_for(dialogue: Any) -> DialogueVocabulary:
    """The categories residents choose from on ``dialogue`` (times of day are always bundled)."""
    return vocabulary_from(dialogue.categories)


def vocabulary_from(categories: list[dict[str, Any]] | None) -> DialogueVocabulary:
    """A stored custom list as a vocabulary; None means the bundled categories."""
    bundled = dialogue_vocabulary()
    if not categories:
        return bundled
    labels = tuple(Label(code=item["code"], labels=dict(item["label"])) for item in categories)
    return DialogueVocabulary(categories=labels, times_of_day=bundled.times_of_day,
                              languages=bundled.languages)


def categories_text(categories: list[dict[str, Any]] | None) -> str:
    """A stored custom list in the one-line-per-category format (empty for the bundled list)."""
    lines = []
    for item in categories or []:
        texts = "; ".join(f"{language}: {text}" for language, text in item["label"].items())
        lines.append(f"{item['code']}; {texts}")
    return "\n".join(lines)


def _line(number: int, line: str) -> tuple[dict[str, Any] | None, str]:
    code, *parts = [part.strip() for part in line.split(";")]
    if not CODE.match(code):
        return None, _("Line %(line)s: the code must be 1–32 lower-case letters a–z, digits or "
                       "underscores, followed by a semicolon.", line=number)
    label: dict[str, str] = {}
    for part in parts:
        language, colon, text = (piece.strip() for piece in part.partition(":"))
        if not colon or language not in LANGUAGES:
            return None, _("Line %(line)s: write each text as a language code, a colon and the "
                           "text, for example “en: Lighting”.", line=number)
        if not text or len(text) > LABEL_MAX_LENGTH:
            return None, _("Line %(line)s: each text needs 1–%(limit)s characters.",
                           line=number, limit=LABEL_MAX_LENGTH)
        label[language] = text
    if "sv" not in label:
        return None, _("Line %(line)s: the Swedish text (sv) is missing.", line=number)
    return {"code": code, "label": label}, ""


def parse_categories(text: str) -> tuple[list[dict[str, Any]] | None, str]:
    """Read a custom list; returns ``(categories, "")`` or ``(None, error message)``."""
    lines = [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    if not lines:
        return None, _("Write at least one category, or choose the standard categories.")
    if len(lines) > MAX_CATEGORIES:
        return None, _("At most %(limit)s categories.", limit=MAX_CATEGORIES)
    result: list[dict[str, Any]] = []
    for number, line in lines:
        item, error = _line(number, line)
        if item is None:
            return None, error
        if any(other["code"] == item["code"] for other in result):
            return None, _("Line %(line)s: the code %(code)s is used twice.",
                           line=number, code=item["code"])
        result.append(item)
    return result, ""
