"""The report-like sheets of the tables workbook: an index, then one sheet per weighted table
with its title, definition, header and the figures formatted (per cent with one decimal for
shares, two decimals for means, whole numbers for counts); a cell with too few answers says so
instead of a figure. Texts are in the language the workbook is made in (``force_locale``);
every text from the database goes through ``neutralise_formula``."""

from __future__ import annotations

import re

from flask_babel import gettext as _

from questionnaires.spreadsheet_cells import neutralise_formula
from surveyapp.results.tables import WHOLE, MeasureTable
from surveyapp.results.xlsx_writer import (
    DECIMAL,
    HEADER,
    NOTE,
    PERCENT,
    TITLE,
    Sheet,
    Styled,
    rows_sheet,
)
from surveyapp.results.xlsx_writer import (
    WHOLE as WHOLE_NUMBER,
)

INDEX = "index"
FORBIDDEN = re.compile(r"[\\/?*\[\]:']")
"""Characters Excel does not take in a sheet name."""
TABLE_HEAD_ROWS = 5
"""Title, definition, suppression note, link back to the index, header."""


def sheet_name(position: int, table: MeasureTable) -> str:
    """The sheet of the ``position``-th table (1-based): ``01 trygg_kvall`` (Excel takes at
    most 31 characters; the number keeps truncated names apart)."""
    return FORBIDDEN.sub("_", f"{position:02d} {table.measure.key}")[:31]


def _figure(value: float | None, share: bool) -> object:
    return None if value is None else Styled(value, PERCENT if share else DECIMAL)


def table_sheet(position: int, table: MeasureTable) -> Sheet:
    """One weighted table on its own sheet."""
    share = table.measure.is_share
    too_few = _("too few answers")
    rows: list[list[object]] = [
        [Styled(neutralise_formula(table.measure.label), TITLE)],
        [Styled(neutralise_formula(table.measure.definition), NOTE)],
        [Styled(_("Fewer than %(n)s answers: no estimate is shown (“%(mark)s”).",
                  n=table.min_n, mark=too_few), NOTE)],
        [Styled(_("Back to the index"), NOTE)],
        [Styled(text, HEADER) for text in (
            _("Area code"), _("Area"), _("Answers (n)"), _("Share") if share else _("Mean"),
            _("Standard error"), _("Lower confidence limit (95 per cent)"),
            _("Upper confidence limit (95 per cent)"))],
    ]
    for row in table.rows:
        whole = row["area"] == WHOLE
        name = _("The whole municipality") if whole else neutralise_formula(row["name"])
        figures: list[object] = (
            [Styled(too_few, NOTE), None, None, None] if row["suppressed"] else
            [_figure(row[key], share) for key in ("estimate", "se", "ci_low", "ci_high")])
        rows.append(["" if whole else neutralise_formula(row["area"]), name,
                     Styled(row["n"], WHOLE_NUMBER), *figures])
    return rows_sheet(sheet_name(position, table), rows, frozen_rows=TABLE_HEAD_ROWS,
                      widths=(12, 30, 12, 12, 14, 18, 18), links=[("A4", INDEX)])


def index_sheet(tables: list[MeasureTable]) -> Sheet:
    """The list of tables, each linked to its sheet, with the whole municipality's figure."""
    rows: list[list[object]] = [
        [Styled(_("Weighted tables"), TITLE)],
        [Styled(_("Each table is on its own sheet (the links below). The sheet “tables” holds "
                  "them all in one long list, “data” the answers and “codebook” their codes."),
                NOTE)],
        [],
        [Styled(text, HEADER) for text in (_("Sheet"), _("Measure"), _("Definition"),
                                            _("Whole municipality"), _("Answers (n)"))],
    ]
    links = []
    for position, table in enumerate(tables, start=1):
        whole = table.whole
        figure = (Styled(_("too few answers"), NOTE) if whole["suppressed"]
                  else _figure(whole["estimate"], table.measure.is_share))
        links.append((f"A{len(rows) + 1}", sheet_name(position, table)))
        rows.append([sheet_name(position, table), neutralise_formula(table.measure.label),
                     neutralise_formula(table.measure.definition), figure,
                     Styled(whole["n"], WHOLE_NUMBER)])
    return rows_sheet(INDEX, rows, frozen_rows=4, widths=(24, 40, 70, 18, 12), links=links)


def table_sheets(tables: list[MeasureTable]) -> list[Sheet]:
    """The index and one sheet per table, in the order of ``tables``."""
    return [index_sheet(tables),
            *(table_sheet(position, table) for position, table in enumerate(tables, start=1))]
