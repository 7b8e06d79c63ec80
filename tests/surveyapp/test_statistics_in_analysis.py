"""One definition of every figure: the app takes its statistics from ``analysis``.

Structural checks on the source of ``surveyapp/`` (no scipy/statsmodels, no numerical kernels
that would compute a variance, interval or test of its own, no use of analysis internals) and
checks that the app's per-respondent values are the ``analysis.trygghet`` definitions."""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.trygghet import PROBLEM_SCORES, choice_flags, index_scores, unsafe_flags

APP = Path(__file__).resolve().parents[2] / "surveyapp"
STATISTICAL_NUMPY = {"sqrt", "hypot", "var", "std", "cov", "corrcoef", "nansum", "nanmean",
                     "average", "percentile", "quantile", "bincount", "einsum", "dot", "solve",
                     "inv", "lstsq", "cumsum", "outer"}
FORBIDDEN_MODULES = ("scipy", "statsmodels", "sklearn")
PRIVATE_ANALYSIS = ("analysis._linearise", "analysis.intervals", "analysis.estimators")


def _sources() -> list[tuple[Path, ast.Module]]:
    return [(p, ast.parse(p.read_text(encoding="utf-8"))) for p in sorted(APP.rglob("*.py"))]


def test_no_statistics_library_is_imported_by_the_app():
    for path, tree in _sources():
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                assert not name.startswith(FORBIDDEN_MODULES), (path, name)
                assert not name.startswith(PRIVATE_ANALYSIS), (path, name)


def test_no_numerical_kernel_in_the_app():
    for path, tree in _sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in STATISTICAL_NUMPY:
                base = node.value
                while isinstance(base, ast.Attribute):
                    base = base.value
                assert not (isinstance(base, ast.Name) and base.id in ("np", "numpy")), \
                    (path, node.lineno, node.attr)


def test_app_measures_are_the_analysis_definitions(app):
    from questionnaires import load_library
    from surveyapp.results.measures import measures

    with app.test_request_context():
        model = load_library("trygghet")
        found = {m.key: m for m in measures(model)}
    frame = pd.DataFrame({c: [1, 2, 3, 9, None, 5, 6, 4] for c in model.variables()})
    np.testing.assert_array_equal(found["trygg_kvall"].values(frame),
                                  unsafe_flags(frame["trygg_kvall"]))
    items = [c for c in model.variables() if c.startswith("problem_")]
    np.testing.assert_array_equal(found["problem_index"].values(frame),
                                  index_scores(frame, items, PROBLEM_SCORES))
    choice = next(k for k in found if "=" in k)
    variable, code = choice.split("=")
    np.testing.assert_array_equal(found[choice].values(frame),
                                  choice_flags(frame[variable], int(code), (9,)))
