"""Time XLSForm export and import (with pyxform's check) of the standard questionnaire.

    .venv/bin/python bench/authoring/xlsform_roundtrip.py [repeats]
"""

from __future__ import annotations

import sys
import time

from questionnaires import load_library
from questionnaires.coverage import coverage
from questionnaires.xlsform import export_xlsform, import_xlsform
from questionnaires.xlsform_import import _pyxform_problems


def best_of(repeats: int, function) -> float:
    """The fastest of ``repeats`` runs, in milliseconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def main(repeats: int = 10) -> None:
    questionnaire = load_library("trygghet")
    definition = dict(questionnaire.definition)
    workbook = export_xlsform(definition)
    print(f"trygghet: {len(questionnaire.variables())} variables, "
          f"{len(list(questionnaire.texts()))} texts x {len(questionnaire.languages)} languages, "
          f"XLSForm {len(workbook) / 1024:.0f} KiB")
    steps = {
        "export to XLSForm": lambda: export_xlsform(definition),
        "pyxform check only": lambda: _pyxform_problems(workbook),
        "import (check + mapping)": lambda: import_xlsform(workbook),
        "coverage table": lambda: coverage(questionnaire),
    }
    for name, step in steps.items():
        print(f"{name:<25}{best_of(repeats, step):7.1f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
