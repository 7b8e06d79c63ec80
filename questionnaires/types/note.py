"""``note``: a text shown to the resident between questions; nothing is asked or stored."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from questionnaires.types.base import QuestionType

if TYPE_CHECKING:
    from questionnaires.model import GridRow


class Note(QuestionType):
    """A note (XLSForm ``note``): its text and hint are shown, it has no answer variable."""

    name = "note"
    xlsform_type = "note"

    def variables(self, question_id: str, rows: Sequence[GridRow]) -> tuple[str, ...]:
        """None: a note is read, not answered."""
        return ()
