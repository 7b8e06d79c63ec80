"""``grid``: rows that share one list of choices; each row is a variable of its own."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from questionnaires.types.base import DefinitionContext, Row, XLSFormWriter
from questionnaires.types.single import SingleChoice

if TYPE_CHECKING:
    from questionnaires.model import Choice, GridRow


class Grid(SingleChoice):
    """A grid (matrix): every row is answered like a single-choice question."""

    name = "grid"
    comparison_kind = "single"
    xlsform_type = None
    xlsform_group_appearance = "table-list"

    def definition_parts(
        self, data: Mapping[str, Any], where: str, context: DefinitionContext
    ) -> tuple[tuple[Choice, ...], tuple[GridRow, ...]]:
        """The shared choices, then the rows."""
        choices, _ = super().definition_parts(data, where, context)
        return choices, context.rows(data.get("rows"), where)

    def variables(self, question_id: str, rows: Sequence[GridRow]) -> tuple[str, ...]:
        """One variable per row (the grid's own id is not a variable)."""
        return tuple(row.id for row in rows)

    def xlsform_rows(self, question: Mapping[str, Any], row: Row, required: str,
                     writer: XLSFormWriter) -> list[Row]:
        """A ``table-list`` group of ``select_one`` rows sharing the grid's list."""
        list_name = writer.choices(question)
        rows = [{**row, "type": "begin group", "appearance": "table-list"}]
        rows.extend({"type": f"select_one {list_name}", "name": grid_row["id"],
                     **writer.texts("label", grid_row["text"]), "required": required}
                    for grid_row in question["rows"])
        rows.append({"type": "end group", "name": question["id"]})
        return rows
