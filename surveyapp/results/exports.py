"""Exports of a weighted campaign: CSV + codebook, XLSX, SPSS .sav and GeoJSON.

Microdata (CSV, XLSX "data", SAV) hold one row per response used in the weighted analysis
(responses with an area), with codes and the final weight ``vikt``; free text is never
exported. Weighted tables (XLSX "tables", GeoJSON area properties) come from
:func:`surveyapp.results.tables.measure_table`, so suppressed cells carry no estimate.
Every CSV and XLSX cell goes through
:func:`questionnaires.spreadsheet_cells.neutralise_formula`: no text runs as a formula. CSV is
written in a :mod:`surveyapp.csv_dialects` dialect (Excel with Swedish settings by default).
"""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Iterator
from typing import Any

import pandas as pd

from questionnaires import Questionnaire
from questionnaires.spreadsheet_cells import neutralise_formula, neutralise_row
from questionnaires.types.base import AnalysisColumn
from surveyapp.csv_dialects import DEFAULT, CsvDialect, CsvWriter
from surveyapp.results import xlsx_writer
from surveyapp.results.data import analysis_variables
from surveyapp.results.measures import DONT_KNOW
from surveyapp.results.tables import MeasureTable, Wave
from surveyapp.results.xlsx_tables import table_sheets
from surveyapp.results.xlsx_writer import Styled

META = ["response_id", "area", "sex", "age_group", "language", "channel", "submitted_on"]
WEIGHT = "vikt"
TABLE_COLUMNS = ["measure", "label", "area", "name", "n", "estimate", "se", "ci_low", "ci_high",
                 "suppressed"]


def microdata(wave: Wave, model: Questionnaire) -> pd.DataFrame:
    """The exported columns: metadata, the weight, then the answer codes."""
    data = wave.design.data
    columns = [c.name for c in analysis_variables(model) if c.name in data.columns]
    frame = data[META + columns].copy()
    frame.insert(len(META), WEIGHT, wave.design.weights)
    frame["submitted_on"] = frame["submitted_on"].astype(str)
    return frame


def codebook(model: Questionnaire, language: str = "sv") -> list[dict]:
    """One entry per exported variable: label, type and value labels."""
    out: list[dict[str, Any]] = [
        {"variable": "response_id", "label": "Svar (löpnummer)", "type": "id", "values": {}},
        {"variable": "area", "label": "Område (kod)", "type": "string", "values": {}},
        {"variable": "sex", "label": "Kön (f kvinna, m man, x annat/ej svar)", "type": "string",
         "values": {"f": "Kvinna", "m": "Man", "x": "Annat eller ej svar"}},
        {"variable": "age_group", "label": "Åldersgrupp", "type": "string", "values": {}},
        {"variable": "language", "label": "Svarsspråk", "type": "string", "values": {}},
        {"variable": "channel", "label": "Kanal (invitation/open/import)", "type": "string",
         "values": {}},
        {"variable": "submitted_on", "label": "Inskickat (datum)", "type": "date", "values": {}},
        {"variable": WEIGHT, "label": "Slutlig vikt (kalibrerad)", "type": "weight",
         "values": {}},
    ]
    out.extend({"variable": column.name, "label": column.label(language), "type": column.kind,
                "values": column.value_labels(language)} for column in analysis_variables(model))
    return out


def _cell(value: object) -> object:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return neutralise_formula(value)


def csv_rows(frame: pd.DataFrame, dialect: CsvDialect = DEFAULT) -> Iterator[str]:
    """The microdata as CSV text in chunks (header first; the BOM, if the dialect has one, only
    in the first chunk)."""
    writer = CsvWriter(dialect)
    writer.row(neutralise_row(frame.columns))
    for start in range(0, len(frame), 2000):
        for row in frame.iloc[start:start + 2000].itertuples(index=False):
            writer.row([_cell(v) for v in row])
        yield writer.take()
    yield writer.take()


def codebook_csv(model: Questionnaire, language: str = "sv",
                 dialect: CsvDialect = DEFAULT) -> str:
    """The codebook as CSV: variable, label, type, code, value label (one row per code)."""
    writer = CsvWriter(dialect)
    writer.row(["variable", "label", "type", "code", "value_label"])
    for entry in codebook(model, language):
        if not entry["values"]:
            writer.row(neutralise_row([entry["variable"], entry["label"], entry["type"], "", ""]))
        for code, label in entry["values"].items():
            writer.row(neutralise_row([entry["variable"], entry["label"], entry["type"], code,
                                       label]))
    return writer.take()


def table_records(tables: list[MeasureTable]) -> list[list]:
    """Rows of the weighted tables (suppressed cells have empty figures)."""
    out = []
    for table in tables:
        for row in table.rows:
            out.append([table.measure.key, table.measure.label, row["area"], row["name"],
                        row["n"], row["estimate"], row["se"], row["ci_low"], row["ci_high"],
                        row["suppressed"]])
    return out


def exact_ids(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with ``response_id`` as text: the ids are random 63-bit numbers,
    and Excel and SPSS hold numbers as doubles (53 bits), which would change their last digits
    and break matching a row with the CSV (where the id is written exactly)."""
    return frame.assign(response_id=frame["response_id"].astype(str))


def xlsx_bytes(frame: pd.DataFrame, tables: list[MeasureTable], model: Questionnaire,
               method_lines: list[str]) -> bytes:
    """A workbook with an index and one sheet per weighted table (:mod:`.xlsx_tables`), then
    the sheets tables (every table in one long list), data, codebook and method (see
    :mod:`surveyapp.results.xlsx_writer`; every text cell through ``neutralise_formula``)."""
    codes: list[list[object]] = [["variable", "label", "type", "code", "value_label"]]
    for entry in codebook(model):
        for code, label in (entry["values"] or {"": ""}).items():
            codes.append(neutralise_row([entry["variable"], entry["label"], entry["type"],
                                         code, label]))
    header = xlsx_writer.HEADER
    return xlsx_writer.workbook([
        *table_sheets(tables),
        xlsx_writer.rows_sheet(
            "tables", [[Styled(name, header) for name in TABLE_COLUMNS]]
            + [neutralise_row(r) for r in table_records(tables)], frozen_rows=1),
        xlsx_writer.frame_sheet("data", [Styled(name, header)
                                         for name in neutralise_row(frame.columns)],
                                exact_ids(frame), prepare=neutralise_formula, frozen_rows=1),
        xlsx_writer.rows_sheet("codebook", [[Styled(name, header) for name in codes[0]],
                                            *codes[1:]], frozen_rows=1,
                               widths=(18, 50, 10, 8, 40)),
        xlsx_writer.rows_sheet("method", [[neutralise_formula(line)] for line in method_lines],
                               widths=(120,)),
    ])


def dont_know_code(column: AnalysisColumn) -> int | None:
    """The "don't know" (or "prefer not to answer") code of a choice column: ``DONT_KNOW``
    (9), the code the measures leave out, when the column's choices offer it with a gap
    before it (no 8, so a 1–9 or 1–10 rating scale keeps its 9 as an answer)."""
    if column.kind != "choice":
        return None
    codes = {choice.code for choice in column.question.choices}
    return DONT_KNOW if DONT_KNOW in codes and DONT_KNOW - 1 not in codes else None


def measure_level(column: AnalysisColumn) -> str:
    """The SPSS level of measurement of an answer column.

    ``scale`` for numbers; ``nominal`` for a chosen/not-chosen flag and for string codes;
    ``ordinal`` for a rating scale: every grid row (a grid asks its rows on one scale), and a
    single-choice question with at least three answers besides "don't know" that offers
    "don't know" (lists of categories such as housing or occupation end in "other" instead);
    else ``nominal``. The questionnaire does not say which lists are ordered, hence the rule.
    """
    if column.kind == "number":
        return "scale"
    if column.kind != "choice" or not column.numeric:
        return "nominal"
    if column.row is not None:
        return "ordinal"
    missing = dont_know_code(column)
    answers = [c for c in column.question.choices if c.code != missing]
    return "ordinal" if missing is not None and len(answers) >= 3 else "nominal"


META_MEASURES = {"response_id": "nominal", "area": "nominal", "sex": "nominal",
                 "age_group": "ordinal", "language": "nominal", "channel": "nominal",
                 "submitted_on": "nominal", WEIGHT: "scale"}


def sav_bytes(frame: pd.DataFrame, model: Questionnaire) -> bytes:
    """SPSS .sav with variable labels (the question texts), value labels, "don't know" codes
    declared user-missing (SPSS leaves them out of statistics, as the measures here do; the code
    and its label stay in the file), the levels of measurement (:func:`measure_level`) and
    the weight variable ``vikt`` (scale)."""
    import pyreadstat

    book = {e["variable"]: e for e in codebook(model)}
    columns = {column.name: column for column in analysis_variables(model)}
    data = exact_ids(frame)
    for column in data.columns:
        if pd.api.types.is_numeric_dtype(data[column].dtype):
            data[column] = data[column].astype(float)
        else:
            data[column] = [("" if v is None or v != v else str(v)) for v in data[column]]
    labels = [book[c]["label"] if c in book else c for c in data.columns]
    # pyreadstat annotates value-label keys as numbers, but a string variable takes string keys
    # (they round-trip through read_sav), hence Any
    value_labels: dict[str, dict[Any, str]] = {}
    for column in data.columns:
        values = book.get(column, {}).get("values") or {}
        if values and all(isinstance(k, int) for k in values):
            value_labels[column] = {float(k): v for k, v in values.items()}
        elif values:
            value_labels[column] = {str(k): v for k, v in values.items()}
    missing: dict[str, list[Any]] = {}
    measures: dict[str, str] = {}
    for name in data.columns:
        if name in columns:
            measures[name] = measure_level(columns[name])
            code = dont_know_code(columns[name])
            if code is not None and pd.api.types.is_float_dtype(data[name].dtype):
                missing[name] = [float(code)]
        else:
            measures[name] = META_MEASURES.get(name, "nominal")
        if measures[name] == "scale" and not pd.api.types.is_float_dtype(data[name].dtype):
            measures[name] = "nominal"  # SPSS measures text as nominal or ordinal only
    handle, path = tempfile.mkstemp(suffix=".sav")
    os.close(handle)
    try:
        pyreadstat.write_sav(data, path, column_labels=labels,
                             variable_value_labels=value_labels, missing_ranges=missing,
                             variable_measure=measures)
        with open(path, "rb") as file:
            return file.read()
    finally:
        os.unlink(path)
