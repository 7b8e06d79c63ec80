"""``text``: free text, one line or several; never analysed or exported (moderation first)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from questionnaires.types.base import QuestionType, Row

MAX_LENGTH = re.compile(r"^string-length\(\s*\.\s*\)\s*(<=|<)\s*(\d+)$")


class FreeText(QuestionType):
    """A free-text question (``max_length``, ``multiline``)."""

    name = "text"
    xlsform_type = "text"
    xlsform_constraint_example = "'string-length(.) <= 500'"

    def xlsform_details(self, question: Mapping[str, Any]) -> Row:
        """``max_length`` as a ``string-length`` constraint, ``multiline`` as appearance."""
        details: Row = {}
        if "max_length" in question:
            details["constraint"] = f"string-length(.) <= {question['max_length']}"
        if question.get("multiline"):
            details["appearance"] = "multiline"
        return details

    def from_xlsform_constraint(self, constraint: str) -> dict[str, Any] | None:
        """``string-length(.) <= n`` (or ``< n``) as ``max_length``."""
        match = MAX_LENGTH.match(constraint)
        if match is None:
            return None
        return {"max_length": int(match.group(2)) - (match.group(1) == "<")}

    def from_xlsform_appearance(self, look: str) -> dict[str, Any] | None:
        """``multiline`` asks for a text area."""
        return {"multiline": True} if look == "multiline" else None
