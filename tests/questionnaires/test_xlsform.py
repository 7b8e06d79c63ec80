"""XLSForm import of real-world style forms, export, and the lossless round trip of trygghet."""

from __future__ import annotations

import io

import openpyxl
import pytest
import yaml
from pyxform.xls2xform import convert

from questionnaires import load_library
from questionnaires.loader import LIBRARY
from questionnaires.xlsform import export_xlsform, export_yaml, import_file, import_xlsform
from tests.questionnaires.data.forms import kobo_form, multilingual_form, municipal_form


def test_municipal_form_maps_types_pages_and_bounds():
    imported = import_xlsform(municipal_form(), "municipal.xlsx")
    q = imported.questionnaire
    assert (q.key, q.version, q.languages) == ("exempelby", "2025.2", ("sv", "en"))
    assert q.title("sv") == "Trygghet i Exempelby"
    assert [p.id for p in q.pages] == ["bakgrund", "trygghet", "forslag"]
    assert q.pages[1].title("en") == "Safety"
    assert {x.id: x.type for x in q.questions()} == {
        "kon": "single", "omrade": "place", "trygg_kvall": "single", "orsaker": "multi",
        "orsak_annat": "text", "antal_orsaker_bra": "number", "forbattra": "text",
        "kontakt": "single"}
    assert q.stratum_question("sex").id == "kon"
    assert q.stratum_question("area").id == "omrade"
    assert q.question("omrade").help("en") == "Choose your area"
    assert q.question("kon").required and not q.question("orsaker").required
    assert [c.code for c in q.question("trygg_kvall").choices] == [1, 2, 3, 4]
    assert [c.code for c in q.question("kon").choices] == ["f", "m", "x"]
    number = q.question("antal_orsaker_bra")
    assert (number.minimum, number.maximum) == (0, 365)
    assert q.question("orsak_annat").max_length == 300
    assert q.question("forbattra").multiline
    assert imported.warnings == []


def test_relevant_is_translated_into_our_language_with_the_same_meaning():
    q = import_xlsform(municipal_form()).questionnaire
    sources = {x.id: x.relevant.source for x in q.questions() if x.relevant}
    assert sources == {
        "orsaker": "trygg_kvall in (3, 4)",
        "orsak_annat": "selected(orsaker, 'annat')",
        "antal_orsaker_bra": "count(orsaker) > 1",
        "kontakt": "answered(forbattra)",
    }
    orsaker = q.question("orsaker")
    assert orsaker.is_relevant({"trygg_kvall": 3}) and orsaker.is_relevant({"trygg_kvall": "4"})
    assert not orsaker.is_relevant({"trygg_kvall": 2}) and not orsaker.is_relevant({})
    assert q.question("antal_orsaker_bra").is_relevant({"orsaker": ["morker", "annat"]})
    assert not q.question("antal_orsaker_bra").is_relevant({"orsaker": ["annat"]})


def test_arabic_and_tigrinya_form_with_grid_and_loose_questions():
    imported = import_xlsform(multilingual_form(), "bostad.xlsx")
    q = imported.questionnaire
    assert q.languages == ("sv", "ar", "ti")
    assert q.title("ti") == "ድሕንነት ኣብ መንበሪ ከባቢ" and q.intro("ar") == "شكرًا لإجابتك!"
    # questions outside groups get a screen each, as in ODK Collect
    assert [p.id for p in q.pages] == ["omrade_page", "trygg_trapphus_page", "problem_page",
                                     "handelser"]
    grid = q.question("problem")
    assert grid.type == "grid" and grid.required
    assert [row.id for row in grid.rows] == ["problem_belysning", "problem_klotter"]
    assert grid.rows[1].text("ar") == "كتابة على الجدران"
    assert grid.help("ti") == "ብዛዕባ ከባቢኻ መልስ"
    assert [c.code for c in grid.choices] == [1, 2, 3]
    assert grid.relevant.source == "answered(trygg_trapphus)"
    assert [c.exclusive for c in q.question("handelse").choices] == [False, False, True]
    # XPath's not(selected(...)) is true for an unanswered question; ours keeps that meaning
    anmalt = q.question("anmalt")
    assert anmalt.relevant.source == "not selected(handelse, 'inget')"
    assert anmalt.is_relevant({}) and not anmalt.is_relevant({"handelse": ["inget"]})
    # lists used by one question are named lists unless the list is named after the question
    assert set(imported.definition["choice_lists"]) == {"trygg", "problem_scale", "janej"}
    handelse = imported.definition["pages"][3]["questions"][0]
    assert [c["code"] for c in handelse["choices"]] == ["hot", "stold", "inget"]


def test_kobo_export_with_plain_labels_warns_about_what_it_ignores():
    imported = import_xlsform(kobo_form(), "kobo.xlsx")
    q = imported.questionnaire
    assert q.languages == ("en",) and q.version == "vA7x"
    assert q.question("agree_safe").required and not q.question("years").required
    assert [c.code for c in q.question("agree_safe").choices] == ["agree", "neutral", "disagree"]
    assert len(imported.warnings) == 1
    assert "row 2" in imported.warnings[0] and "likert" in imported.warnings[0]
    years = q.question("years")
    assert years.constraint_message is not None and years.constraint_message("en") == "Max 99"


def test_standard_questionnaire_survives_yaml_to_xlsform_to_yaml_unchanged():
    original = yaml.safe_load((LIBRARY / "trygghet.yaml").read_text(encoding="utf-8"))
    workbook = export_xlsform(original)
    back = import_xlsform(workbook, "trygghet.xlsx").definition
    assert back == original
    assert yaml.safe_load(export_yaml(back)) == original


def test_exported_workbook_is_a_valid_xlsform_for_odk():
    workbook = export_xlsform(load_library("trygghet").definition)
    result = convert(xlsform=workbook, file_type=".xlsx", warnings=[])
    assert "<h:title>Trygghetsundersökning</h:title>" in result.xform
    assert 'lang="Tigrinya (ti)"' in result.xform
    # the custom stratum attribute is namespaced, so the XForm stays valid for ODK and Kobo
    assert 'xmlns:surveyapp="https://github.com/surveyapp/xforms"' in result.xform
    assert 'required="true()" surveyapp:stratum="sex"' in result.xform
    sheet = openpyxl.load_workbook(io.BytesIO(workbook))["survey"]
    rows = {row[1]: row for row in sheet.iter_rows(min_row=2, values_only=True)
            if row[0] != "end group"}
    header = [cell.value for cell in sheet[1]]
    relevant = header.index("relevant")
    assert rows["otrygg_skal"][relevant] == (
        "${trygg_kvall} = '3' or ${trygg_kvall} = '4' or ${trygg_kvall} = '5'")
    assert rows["oro"][0] == "begin group" and rows["oro"][header.index("appearance")] == \
        "table-list"
    assert rows["kon"][header.index("bind::surveyapp:stratum")] == "sex"


@pytest.mark.parametrize("form", [municipal_form, multilingual_form, kobo_form])
def test_imported_forms_survive_their_own_round_trip(form):
    first = import_xlsform(form()).definition
    assert import_xlsform(export_xlsform(first)).definition == first


def test_import_file_tells_yaml_from_xlsx_by_content():
    yaml_bytes = (LIBRARY / "trygghet.yaml").read_bytes()
    assert import_file("trygghet.txt", yaml_bytes).questionnaire.key == "trygghet"
    assert import_file("upload.bin", municipal_form()).questionnaire.key == "exempelby"
