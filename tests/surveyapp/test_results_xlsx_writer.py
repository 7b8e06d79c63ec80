"""The streaming XLSX writer: what two independent readers (openpyxl, calamine) read back is
what was written — exact floats, integers, booleans, text with XML specials, control characters
and edge white space — empty cells stay empty, and no cell is ever a formula."""

from __future__ import annotations

import io
import math
import zipfile

import numpy as np
import pandas as pd
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from questionnaires.spreadsheet_cells import neutralise_formula
from surveyapp.results import xlsx_writer

AWKWARD_FLOATS = [0.1, 1 / 3, -2.5e-300, 1.7976931348623157e308, 5e-324, 123456789.123456789,
                  2.0**60, -0.0]
TEXTS = ["a & b < c > d", "  leading and trailing  ", "tab\tinside", "line\nbreak", "åäö ½ €",
         '=HYPERLINK("http://x","y")', "@SUM(A1)", '"quoted"', "it's"]


def _openpyxl(body: bytes) -> dict[str, list[tuple]]:
    book = load_workbook(io.BytesIO(body), read_only=True)
    return {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}


def test_column_letters():
    assert [xlsx_writer.column_letter(k) for k in (0, 25, 26, 51, 52, 701, 702, 16383)] == [
        "A", "Z", "AA", "AZ", "BA", "ZZ", "AAA", "XFD"]


def test_values_read_back_exactly_by_two_readers():
    rows = [["int", "float", "bool", "text", "empty"],
            *[[k, f, k % 2 == 0, t, None] for k, (f, t) in enumerate(zip(
                AWKWARD_FLOATS, TEXTS[:len(AWKWARD_FLOATS)], strict=True))],
            [2**53, math.nan, False, "", math.inf],
            [np.int64(-7), np.float64(2.25), np.bool_(True), "control \x01\x1f", -math.inf]]
    body = xlsx_writer.workbook([xlsx_writer.rows_sheet("values", rows),
                                 xlsx_writer.rows_sheet("none", [])])
    read = _openpyxl(body)
    assert list(read) == ["values", "none"] and read["none"] == []
    got = read["values"]
    assert got[0] == ("int", "float", "bool", "text", "empty")
    for k, (f, t) in enumerate(zip(AWKWARD_FLOATS, TEXTS, strict=False)):
        row = got[k + 1]
        assert row[0] == k and row[2] is (k % 2 == 0) and row[3] == t and row[4] is None
        assert row[1] == f and math.copysign(1, row[1]) == math.copysign(1, f) or f == 0.0
    assert got[-2][:2] == (2**53, None) and got[-2][2] is False and got[-2][3:] == (None, None)
    assert got[-1][:3] == (-7, 2.25, True) and got[-1][4] is None
    # XML 1.0 cannot hold control characters: Excel's _xHHHH_ escape, as XlsxWriter writes
    assert got[-1][3] == "control _x0001__x001F_"
    calamine = CalamineWorkbook.from_filelike(io.BytesIO(body))
    values = calamine.get_sheet_by_name("values").to_python()
    assert [row[1] for row in values[1:len(AWKWARD_FLOATS) + 1]] == AWKWARD_FLOATS
    assert [row[3] for row in values[1:len(AWKWARD_FLOATS) + 1]] == TEXTS[:len(AWKWARD_FLOATS)]


def test_no_cell_is_a_formula():
    texts = [neutralise_formula(t) for t in TEXTS]
    frame = pd.DataFrame({"text": texts, "raw": TEXTS})
    body = xlsx_writer.workbook([xlsx_writer.frame_sheet("data", ["text", "raw"], frame),
                                 xlsx_writer.rows_sheet("rows", [[t] for t in TEXTS])])
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        sheets = [archive.read(n).decode() for n in archive.namelist() if "worksheets/" in n]
    assert len(sheets) == 2 and not any("<f>" in s or "<f " in s for s in sheets)
    read = _openpyxl(body)
    # even text passed unneutralised is text: the writer has no formula cells at all
    assert [r[1] for r in read["data"][1:]] == TEXTS and [r[0] for r in read["rows"]] == TEXTS
    assert [r[0] for r in read["data"][1:]] == texts
    assert read["data"][1 + TEXTS.index('=HYPERLINK("http://x","y")')][0] == (
        '\'=HYPERLINK("http://x","y")')


def test_frame_sheet_equals_the_row_by_row_sheet():
    """The column-wise writer (one format per distinct value) against the plain row writer on
    a frame with missing values, repeated codes, text and unique floats, past one chunk."""
    rng = np.random.default_rng(3)
    n = xlsx_writer.CHUNK + 17
    codes = rng.choice([1.0, 2.0, 3.0, 9.0, np.nan], n)
    frame = pd.DataFrame({"id": np.arange(n, dtype=np.int64) * 10**12,
                          "area": rng.choice(["A&B", "C", "", " D"], n),
                          "code": codes, "weight": rng.gamma(2.0, 30.0, n)})
    frame.loc[5, "area"] = None
    header = list(frame.columns)
    fast = _openpyxl(xlsx_writer.workbook([xlsx_writer.frame_sheet("data", header, frame)]))
    rows = [header] + [[None if isinstance(v, float) and math.isnan(v) else v for v in row]
                       for row in frame.itertuples(index=False)]
    plain = _openpyxl(xlsx_writer.workbook([xlsx_writer.rows_sheet("data", rows)]))
    assert fast == plain and len(fast["data"]) == n + 1
    assert fast["data"][6][1] is None and fast["data"][1][3] == frame["weight"].iloc[0]
    assert sum(r[2] is None for r in fast["data"][1:]) == int(np.isnan(codes).sum())
