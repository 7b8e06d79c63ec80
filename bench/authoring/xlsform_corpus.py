"""Time importing the whole XLSForm corpus (tests/questionnaires/xlsform_corpus) against
pyxform's own conversion of the same files (the baseline, measured in the same run).

    PYTHONPATH=. .venv/bin/python bench/authoring/xlsform_corpus.py [runs]

Each run imports every form once (refusals included, as an upload would); the table gives
min/median/max over the runs and the ratio of the medians.
"""

from __future__ import annotations

import contextlib
import statistics
import sys
import time
from collections.abc import Callable

from questionnaires import QuestionnaireError
from questionnaires.xlsform import import_file
from questionnaires.xlsform_import import _pyxform_problems
from tests.questionnaires.xlsform_corpus.build import corpus


def _run(function: Callable[[], None], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def main(runs: int = 5) -> None:
    forms = [(form.file, form.workbook()) for form in corpus()]

    def pyxform_only() -> None:
        for name, data in forms:
            _pyxform_problems(data, ".xls" if name.endswith(".xls") else ".xlsx")

    def import_all() -> None:
        for name, data in forms:
            with contextlib.suppress(QuestionnaireError):  # a refusal is an outcome too
                import_file(name, data)

    import_all()  # warm the caches (alias tables, language names) once, as a server has them
    baseline = _run(pyxform_only, runs)
    ours = _run(import_all, runs)
    print(f"{len(forms)} forms, {runs} runs")
    for label, times in (("pyxform conversion only", baseline), ("our import", ours)):
        ms = sorted(t * 1000 for t in times)
        print(f"{label:<26} min {ms[0]:7.0f}  median {statistics.median(ms):7.0f}  "
              f"max {ms[-1]:7.0f} ms")
    print(f"ratio of medians (import / pyxform): "
          f"{statistics.median(ours) / statistics.median(baseline):.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
