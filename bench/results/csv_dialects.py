"""Bench: the microdata CSV (``exports.csv_rows``) in both dialects against the writer before
them (comma, no decimal-mark step: the peer, same run).

100 000 rows × 58 columns (an id, an area code, the weight ``vikt`` as a float and 55 answer
codes with "Vet ej" 9 and blanks), all in memory, no database: the writer alone. Prints
min/median/max of ``--runs`` runs, interleaved. Usage:
``.venv/bin/python -m bench.results.csv_dialects [--rows 100000] [--runs 5]``
"""

from __future__ import annotations

import argparse
import csv
import io
import statistics
import time
from collections.abc import Callable, Iterator

import numpy as np
import pandas as pd

from questionnaires.spreadsheet_cells import neutralise_row
from surveyapp.csv_dialects import EXCEL_SV, RFC4180
from surveyapp.results.exports import _cell, csv_rows


def _frame(rows: int) -> pd.DataFrame:
    rng = np.random.default_rng(1)
    frame = pd.DataFrame({"response_id": np.arange(rows),
                          "area": rng.choice(["0682R001", "0682R002"], rows),
                          "vikt": rng.uniform(0.3, 3.0, rows)})
    for i in range(55):
        frame[f"q{i}"] = rng.choice([1.0, 2.0, 3.0, 4.0, 9.0, np.nan], rows)
    return frame


def _before(frame: pd.DataFrame) -> Iterator[str]:
    """The writer before the dialects: csv.writer with commas and LF, cells as today."""
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    frame = _frame(args.rows)
    writers: dict[str, Callable[[], Iterator[str]]] = {
        "before (peer)": lambda: _before(frame),
        "rfc4180": lambda: csv_rows(frame, RFC4180),
        "excel-sv": lambda: csv_rows(frame, EXCEL_SV),
    }
    times: dict[str, list[float]] = {name: [] for name in writers}
    for _run in range(args.runs):
        for name, write in writers.items():
            started = time.perf_counter()
            sum(len(chunk) for chunk in write())
            times[name].append(time.perf_counter() - started)
    for name, found in times.items():
        print(f"{name}: {min(found):.2f} / {statistics.median(found):.2f} / "
              f"{max(found):.2f} s")
    peer = statistics.median(times["before (peer)"])
    for name in ("rfc4180", "excel-sv"):
        print(f"ratio {name} / before (medians): {statistics.median(times[name]) / peer:.2f}")


if __name__ == "__main__":
    main()
