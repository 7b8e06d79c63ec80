"""The XLSForm corpus (tests/questionnaires/xlsform_corpus): every form pyxform accepts imports,
unless it uses a feature we cannot represent, and then the refusal names sheet, row and feature.
"""

from __future__ import annotations

from collections import Counter

import pytest
from pyxform.xls2xform import convert

from questionnaires import QuestionnaireError
from questionnaires.xlsform import export_xlsform, import_file
from tests.questionnaires.xlsform_corpus.build import CorpusForm, corpus

FORMS = corpus()


@pytest.mark.parametrize("form", FORMS, ids=[form.name for form in FORMS])
def test_corpus_form_has_its_expected_outcome(form: CorpusForm):
    data = form.workbook()
    suffix = ".xls" if form.file.endswith(".xls") else ".xlsx"
    convert(xlsform=data, file_type=suffix, warnings=[])  # the reference accepts every form
    expect = form.expect
    if expect["expect"] == "imports":
        imported = import_file(form.file, data)
        questionnaire = imported.questionnaire
        assert list(questionnaire.languages) == expect["languages"]
        assert questionnaire.variables() == expect["variables"]
        if "key" in expect:
            assert questionnaire.key == expect["key"]
        for words in expect.get("warnings", []):
            assert any(words in warning for warning in imported.warnings), (words,
                                                                            imported.warnings)
        return
    with pytest.raises(QuestionnaireError) as caught:
        import_file(form.file, data)
    problems = caught.value.problems
    assert len(problems) == len(expect["refusals"]), problems
    for problem, refusal in zip(problems, expect["refusals"], strict=True):
        where = f"{refusal['sheet']} sheet" + (f", row {refusal['row']}" if "row" in refusal
                                                else "")
        assert problem.startswith(where), (problem, where)
        assert refusal["feature"] in problem


def test_corpus_covers_the_formats_languages_and_outcomes_it_claims():
    assert len(FORMS) >= 30
    formats = Counter(form.file.rsplit(".", 1)[1] for form in FORMS)
    assert formats["xls"] >= 3 and formats["xlsx"] >= 27
    languages = {code for form in FORMS for code in form.expect.get("languages", [])}
    assert {"sv", "en", "ar", "ti", "fa", "so", "fi", "uk"} <= languages
    outcomes = Counter(form.expect["expect"] for form in FORMS)
    assert outcomes["imports"] >= 20 and outcomes["refused"] >= 8
    assert all(form.file.endswith(".xls") == form.workbook().startswith(b"\xd0\xcf\x11\xe0")
               for form in FORMS)


@pytest.mark.parametrize("form", [f for f in FORMS if f.expect["expect"] == "imports"],
                         ids=lambda form: form.name)
def test_every_imported_corpus_form_survives_export_and_import_unchanged(form: CorpusForm):
    definition = import_file(form.file, form.workbook()).definition
    assert import_file("back.xlsx", export_xlsform(definition)).definition == definition
