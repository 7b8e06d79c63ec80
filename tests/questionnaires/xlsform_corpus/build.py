"""Build the XLSForm corpus: each ``forms/<name>.yaml`` (sheets as rows) as a real workbook.

A sheet is written as lines of cells separated by ``|`` (the first line is the header); an empty
cell is left empty and a whole number is written as a number, as Excel stores it.

A form's ``file`` says the format: ``.xlsx`` is written with openpyxl, ``.xls`` (Excel 97–2003,
which many older Kobo and ODK forms still are) with xlwt. ``manifest.yaml`` holds the expected
outcome of each form. Run ``python -m tests.questionnaires.xlsform_corpus.build OUTDIR`` to
write the files for opening in Excel, Kobo or ODK's online converter.
"""

from __future__ import annotations

import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import yaml

HERE = Path(__file__).parent
FORMS = HERE / "forms"


@dataclass(frozen=True)
class CorpusForm:
    """One form of the corpus: its file name, its sheets and what importing it should do."""

    name: str
    file: str
    sheets: dict[str, list[list[Any]]]
    expect: dict[str, Any]

    def workbook(self) -> bytes:
        """The form as .xlsx or .xls bytes."""
        return _xls(self.sheets) if self.file.endswith(".xls") else _xlsx(self.sheets)


def _rows(text: str) -> list[list[Any]]:
    """The rows of a sheet written as ``a | b | c`` lines."""
    rows = []
    for line in text.strip().splitlines():
        cells = [cell.strip() for cell in line.split("|")]
        rows.append([int(cell) if re.fullmatch(r"-?[0-9]+", cell) else cell or None
                     for cell in cells])
    return rows


def _xlsx(sheets: dict[str, list[list[Any]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xls(sheets: dict[str, list[list[Any]]]) -> bytes:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    for title, rows in sheets.items():
        sheet = book.add_sheet(title)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def corpus() -> list[CorpusForm]:
    """Every form of the manifest, in its order."""
    manifest = yaml.safe_load((HERE / "manifest.yaml").read_text(encoding="utf-8"))
    forms = []
    for entry in manifest["forms"]:
        data = yaml.safe_load((FORMS / f"{entry['form']}.yaml").read_text(encoding="utf-8"))
        sheets = {name: _rows(text) for name, text in data["sheets"].items()}
        forms.append(CorpusForm(entry["form"], entry["file"], sheets, entry))
    return forms


def main(argv: list[str]) -> int:
    """Write every form of the corpus into the folder ``argv[0]``."""
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    for form in corpus():
        (out / form.file).write_bytes(form.workbook())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
