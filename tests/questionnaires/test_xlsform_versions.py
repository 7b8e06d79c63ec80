"""Translation coverage, comparability across versions, and the command line."""

from __future__ import annotations

import copy

import yaml

from questionnaires import load_definition, load_library
from questionnaires.__main__ import main
from questionnaires.compare import comparable_items, compare_versions
from questionnaires.coverage import coverage
from questionnaires.loader import LIBRARY
from questionnaires.xlsform import import_xlsform
from tests.questionnaires.data.forms import municipal_form


def standard() -> dict:
    return yaml.safe_load((LIBRARY / "trygghet.yaml").read_text(encoding="utf-8"))


def test_coverage_lists_exactly_the_missing_texts():
    q = import_xlsform(municipal_form()).questionnaire
    table = coverage(q)
    assert table.languages == ("sv", "en")
    # form_title cannot be translated in XLSForm (our export adds a 'surveyapp' sheet for it)
    assert [(row.path, sorted(row.missing)) for row in table.missing_rows()] == [
        ("title", ["en"])]
    assert not table.complete
    definition = import_xlsform(municipal_form()).definition
    del definition["pages"][0]["questions"][1]["help"]["en"]
    definition["choice_lists"]["trygg"][0]["label"]["en"] = " "
    table = coverage(load_definition(definition))
    assert [(row.path, sorted(row.missing)) for row in table.missing_rows()] == [
        ("title", ["en"]), ("omrade.help", ["en"]), ("trygg_kvall.choice[1]", ["en"])]
    assert table.translated("sv") == len(table.rows)
    assert table.translated("en") == len(table.rows) - 3
    assert abs(table.share("en") - (len(table.rows) - 3) / len(table.rows)) < 1e-12


def test_standard_questionnaire_is_fully_covered():
    table = coverage(load_library("trygghet"))
    assert table.complete and len(table.languages) == 8
    assert len(table.rows) == len(list(load_library("trygghet").texts()))


def test_comparable_items_need_the_same_id_type_and_codes():
    old = standard()
    new = copy.deepcopy(old)
    new["version"] = "2027.1"
    # reworded question: still comparable (same id and codes)
    new["pages"][1]["questions"][0]["text"]["sv"] = "Hur trygg känner du dig en sen kväll?"
    # a new code in the boende list: not comparable
    new["pages"][7]["questions"][1]["choices"].append({"code": 5, "label": {"sv": "Annat"}})
    # bott_ar becomes a choice question: not comparable
    new["pages"][7]["questions"][0] = {"id": "bott_ar", "type": "single", "text": {"sv": "År"},
                                       "choices": "yes_no_dk"}
    # a grid row removed, a question added
    del new["pages"][2]["questions"][0]["rows"][-1]
    new["pages"][7]["questions"].append({"id": "ny_fraga", "type": "text", "text": {"sv": "Ny"}})
    items = {item.variable: item for item in compare_versions(old, new)}
    assert items["trygg_kvall"].comparable
    assert items["boende"].status == "changed_codes"
    assert items["boende"].new_codes == ("1", "2", "3", "4", "5")
    assert items["bott_ar"].status == "changed_type"
    assert items["oro_narstaende"].status == "removed"
    assert items["ny_fraga"].status == "added"
    comparable = comparable_items(old, new)
    assert "oro_inbrott" in comparable and "trygg_kvall" in comparable
    assert not {"boende", "bott_ar", "oro_narstaende", "ny_fraga"} & set(comparable)
    assert len(comparable) == len(load_library("trygghet").variables()) - 3


def test_command_line_converts_both_ways_and_reports_coverage(tmp_path, capsys):
    form = tmp_path / "municipal.xlsx"
    form.write_bytes(municipal_form())
    assert main(["validate", str(form)]) == 0
    assert "ok (8 variables, 3 pages, languages sv, en)" in capsys.readouterr().out
    out_yaml = tmp_path / "municipal.yaml"
    assert main(["import", str(form), "-o", str(out_yaml)]) == 0
    assert yaml.safe_load(out_yaml.read_text(encoding="utf-8")) == \
        import_xlsform(municipal_form()).definition
    out_xlsx = tmp_path / "trygghet.xlsx"
    assert main(["export", str(LIBRARY / "trygghet.yaml"), "-o", str(out_xlsx)]) == 0
    assert import_xlsform(out_xlsx.read_bytes()).definition == standard()
    assert main(["coverage", str(LIBRARY / "trygghet.yaml")]) == 0
    assert "ti: " in capsys.readouterr().out
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"nope")
    assert main(["validate", str(broken)]) == 1
    assert "not an .xlsx or .xls workbook" in capsys.readouterr().err
