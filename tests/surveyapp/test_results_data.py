"""The response frame's answer columns are what each column's ``values`` gives for the answer
documents (the frame builds numeric codes without a Python float per answer)."""

from __future__ import annotations

from datetime import date

import numpy as np

from surveyapp.results.data import analysis_variables, build_frame


def test_frame_columns_equal_the_columns_values(app):
    from surveyapp.demo import ensure_questionnaire

    with app.app_context():
        model = ensure_questionnaire().model()
    columns = analysis_variables(model)
    choice = [c for c in columns if c.kind == "choice" and c.numeric]
    assert len(choice) > 10
    rng = np.random.default_rng(5)
    codes = [None, 1, 2, 3, 9, 2.0, True, "4"]  # JSON gives ints, floats, booleans, text
    answers = []
    for k in range(300):
        doc = {c.name: codes[int(rng.integers(len(codes)))] for c in choice}
        if k % 7 == 0:
            doc.pop(choice[0].name)  # not asked
        answers.append(doc)
    answers.append({})
    rows = [(k, "0999R001", "f", "25-44", "sv", "invitation", date.today(), None, doc)
            for k, doc in enumerate(answers)]
    frame = build_frame(model, rows)
    for column in columns:
        expected = column.values(answers)
        if column.numeric:
            np.testing.assert_array_equal(frame[column.name].to_numpy(),
                                          np.array(expected, dtype=float))
        else:
            assert list(frame[column.name]) == expected
    first = frame[choice[0].name].to_numpy()
    assert np.isnan(first[0]) and np.isnan(first[-1]) and set(first[~np.isnan(first)]) <= {
        1.0, 2.0, 3.0, 4.0, 9.0}


def test_extracted_codes_become_floats_and_a_stray_text_is_missing():
    import numpy as np

    from surveyapp.results.data import _floats

    assert np.array_equal(_floats(["2", None, 3, "4.5"]), [2.0, np.nan, 3.0, 4.5],
                          equal_nan=True)
    assert np.array_equal(_floats(["2", "vet ej", None]), [2.0, np.nan, np.nan], equal_nan=True)
