"""Exports of a weighted campaign: CSV + codebook, XLSX, SPSS .sav and GeoJSON.

Microdata (CSV, XLSX "data", SAV) hold one row per response used in the weighted analysis
(responses with an area), with codes and the final weight ``vikt``; free text is never
exported. Weighted tables (XLSX "tables", GeoJSON area properties) come from
:func:`surveyapp.results.tables.measure_table`, so suppressed cells carry no estimate.
Every CSV and XLSX cell goes through
:func:`questionnaires.spreadsheet_cells.neutralise_formula`: no text runs as a formula.
"""

from __future__ import annotations

import csv
import io
import math
import os
import tempfile
from collections.abc import Iterator
from typing import Any

import pandas as pd

from questionnaires import Questionnaire
from questionnaires.spreadsheet_cells import neutralise_formula, neutralise_row
from surveyapp.results import xlsx_writer
from surveyapp.results.data import analysis_variables
from surveyapp.results.tables import MeasureTable, Wave

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


def csv_rows(frame: pd.DataFrame) -> Iterator[str]:
    """The microdata as CSV text in chunks (UTF-8, comma separated, header first)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(neutralise_row(frame.columns))
    for start in range(0, len(frame), 2000):
        for row in frame.iloc[start:start + 2000].itertuples(index=False):
            writer.writerow([_cell(v) for v in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def codebook_csv(model: Questionnaire, language: str = "sv") -> str:
    """The codebook as CSV: variable, label, type, code, value label (one row per code)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["variable", "label", "type", "code", "value_label"])
    for entry in codebook(model, language):
        if not entry["values"]:
            writer.writerow(neutralise_row([entry["variable"], entry["label"], entry["type"],
                                            "", ""]))
        for code, label in entry["values"].items():
            writer.writerow(neutralise_row([entry["variable"], entry["label"], entry["type"],
                                            code, label]))
    return buffer.getvalue()


def table_records(tables: list[MeasureTable]) -> list[list]:
    """Rows of the weighted tables (suppressed cells have empty figures)."""
    out = []
    for table in tables:
        for row in table.rows:
            out.append([table.measure.key, table.measure.label, row["area"], row["name"],
                        row["n"], row["estimate"], row["se"], row["ci_low"], row["ci_high"],
                        row["suppressed"]])
    return out


def xlsx_bytes(frame: pd.DataFrame, tables: list[MeasureTable], model: Questionnaire,
               method_lines: list[str]) -> bytes:
    """A workbook with the sheets data, tables, codebook and method (see
    :mod:`surveyapp.results.xlsx_writer`; every text cell through ``neutralise_formula``)."""
    codes: list[list[object]] = [["variable", "label", "type", "code", "value_label"]]
    for entry in codebook(model):
        for code, label in (entry["values"] or {"": ""}).items():
            codes.append(neutralise_row([entry["variable"], entry["label"], entry["type"],
                                         code, label]))
    return xlsx_writer.workbook([
        xlsx_writer.frame_sheet("data", neutralise_row(frame.columns), frame,
                                prepare=neutralise_formula),
        xlsx_writer.rows_sheet("tables", [TABLE_COLUMNS]
                               + [neutralise_row(r) for r in table_records(tables)]),
        xlsx_writer.rows_sheet("codebook", codes),
        xlsx_writer.rows_sheet("method", [[neutralise_formula(line)] for line in method_lines]),
    ])


def sav_bytes(frame: pd.DataFrame, model: Questionnaire) -> bytes:
    """SPSS .sav with variable labels, value labels and the weight variable ``vikt``."""
    import pyreadstat

    book = {e["variable"]: e for e in codebook(model)}
    data = frame.copy()
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
    handle, path = tempfile.mkstemp(suffix=".sav")
    os.close(handle)
    try:
        pyreadstat.write_sav(data, path, column_labels=labels,
                             variable_value_labels=value_labels)
        with open(path, "rb") as file:
            return file.read()
    finally:
        os.unlink(path)
