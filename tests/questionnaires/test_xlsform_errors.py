"""Unsupported XLSForm features and broken sheets are refused with the row and the feature."""

from __future__ import annotations

import pytest

from questionnaires import QuestionnaireError
from questionnaires.xlsform import import_file, import_xlsform
from questionnaires.xlsform_xpath import XPathError, expression_to_xpath, xpath_to_expression
from tests.questionnaires.data.forms import with_rows, workbook

HEADER = ["type", "name", "label::Svenska (sv)", "relevant", "constraint", "required",
          "appearance"]
CHOICES = [["list_name", "name", "label::Svenska (sv)"], ["jn", "1", "Ja"], ["jn", "2", "Nej"],
           ["kk", "1", "K"]]


def problems(rows: list[list]) -> list[str]:
    with pytest.raises(QuestionnaireError) as caught:
        import_xlsform(with_rows(rows, HEADER, CHOICES), "form.xlsx")
    return caught.value.problems


def row(kind: str, name: str, label: str = "Fråga", relevant: str = "", constraint: str = "",
        required: str = "", appearance: str = "") -> list[str]:
    return [kind, name, label, relevant, constraint, required, appearance]


@pytest.mark.parametrize(("kind", "why"), [
    ("select_one_from_file places.csv", "choices from a file"),
    ("image", "photos, recordings and files"),
    ("audio", "photos, recordings and files"),
    ("range", "range questions are not supported"),
    ("geotrace", "lines are not supported"),
    ("geoshape", "areas drawn on a map are not supported"),
    ("dateTime", "use a date and a time question"),
])
def test_unsupported_types_are_named_with_their_row(kind, why):
    found = problems([row("integer", "first"), row(kind, "thing")])
    assert len(found) == 1
    assert found[0].startswith("survey sheet, row 3 (thing): type ")
    assert kind in found[0] and why in found[0]


@pytest.mark.parametrize("kind", ["start", "end", "today", "deviceid", "username"])
def test_metadata_is_accepted_but_not_stored(kind):
    imported = import_xlsform(with_rows([row("integer", "first"), row(kind, "when")], HEADER,
                                        CHOICES))
    assert imported.questionnaire.variables() == ["first"]
    assert any(f"row 3: metadata '{kind}' (when) is not stored" in w for w in imported.warnings)


def test_calculation_outside_the_subset_is_refused():
    header = [*HEADER, "calculation"]
    rows = [[*row("integer", "a"), ""], ["calculate", "c", "", "", "", "", "", "pulldata('x')"]]
    with pytest.raises(QuestionnaireError) as caught:
        import_xlsform(with_rows(rows, header, CHOICES))
    assert caught.value.problems == [
        "survey sheet, row 3 (c): calculation \"pulldata('x')\": the function pulldata() is "
        "not supported"]


def test_repeat_is_refused_once_not_for_every_row_inside():
    found = problems([row("begin repeat", "barn"), row("integer", "alder"),
                      row("end repeat", ""), row("integer", "n")])
    assert found == ["survey sheet, row 2 (barn): repeats are not supported (one response is "
                     "one set of answers)"]


@pytest.mark.parametrize(("relevant", "feature"), [
    ("if(${a} = '1', true(), false())", "the function if() is not supported"),
    ("pulldata('hh', 'n', 'id', ${a})", "the function pulldata() is not supported"),
    ("${a} + 1 > 3", "arithmetic ('+') is not supported"),
    ("${a} div 2 = 1", "arithmetic ('div') is not supported"),
    (". = '1'", "current node"),
    ("${a}", "alone is not a condition"),
])
def test_relevant_outside_our_language_is_refused(relevant, feature):
    found = problems([row("select_one jn", "a"), row("integer", "b", relevant=relevant)])
    assert len(found) == 1
    assert found[0].startswith("survey sheet, row 3 (b): relevant ")
    assert feature in found[0]


def test_relevant_that_refers_to_a_later_question_is_refused():
    found = problems([row("integer", "a", relevant="${b} > 1"), row("integer", "b")])
    assert found == ["question a: relevant uses b, which no earlier question asks"]


@pytest.mark.parametrize(("kind", "constraint"), [
    ("integer", ". mod 2 = 0"), ("integer", ". > ${other}"), ("text", "regex(., '^[0-9]+$')"),
    ("select_one jn", "selected(., '1')"),
])
def test_constraints_we_cannot_express_are_refused(kind, constraint):
    found = problems([row("integer", "other"), row(kind, "x", constraint=constraint)])
    assert len(found) == 1 and "row 3 (x): constraint" in found[0]
    assert "cannot be expressed" in found[0]


def test_structures_we_cannot_show_are_refused():
    grid = problems([row("integer", "n"), row("begin group", "g", appearance="table-list"),
                     row("select_one jn", "a", relevant="${n} > 1"), row("select_one jn", "b"),
                     row("end group", "")])
    assert grid == ["survey sheet, row 4 (a): 'relevant' on a grid row is not supported"]
    text_in_grid = problems([row("begin group", "g", appearance="table-list"),
                             row("text", "a"), row("end group", "")])
    assert "row 3 (a): a table-list grid may only hold select_one rows" in text_in_grid[0]


def test_groups_inside_a_page_are_flattened_with_their_condition():
    imported = import_xlsform(with_rows([
        row("integer", "n"),
        row("begin group", "p", appearance="field-list", relevant="${n} > 1"),
        row("begin group", "inner", relevant="${n} < 9"), row("integer", "a"),
        row("end group", ""), row("integer", "b"), row("end group", "")], HEADER, CHOICES))
    q = imported.questionnaire
    assert [question.id for question in q.pages[1].questions] == ["a", "b"]
    assert q.question("a").relevant.source == "(n > 1) and (n < 9)"
    assert q.question("b").relevant.source == "n > 1"
    assert not q.question("a").is_relevant({"n": 9}) and q.question("a").is_relevant({"n": 5})
    assert any("row 4: group 'inner' inside a page" in w for w in imported.warnings)


def test_refused_and_unknown_columns():
    header = [*HEADER, "image", "colour"]
    with pytest.raises(QuestionnaireError) as caught:
        import_xlsform(with_rows([[*row("integer", "a"), "a.png", "red"]], header, CHOICES))
    assert caught.value.problems == [
        "survey sheet, row 2 (a): media column 'image' (pictures or sound in a question) is "
        "not supported"]
    imported = import_xlsform(with_rows([[*row("integer", "a"), "", "red"]], header, CHOICES))
    assert imported.warnings == ["survey sheet, row 2: column 'colour' is ignored"]


def test_conditional_required_is_refused():
    found = problems([row("integer", "a"), row("integer", "b", required="${a} > 1")])
    assert "row 3 (b): required must be yes or no" in found[0]


@pytest.mark.parametrize(("rows", "message"), [
    ([row("begin group", "p"), row("integer", "a")], "[row : 2] Unmatched 'begin_group'"),
    ([row("select_one nolist", "a")], "[row : 2] List name not in choices sheet: nolist"),
    ([row("integer", "a"), row("integer", "a")], "[row : 3]"),
    ([row("begin group", "g", appearance="table-list"), row("select_one jn", "a"),
      row("select_one kk", "b"), row("end group", "")], "list names don't match"),
])
def test_broken_sheets_are_refused_with_pyxforms_message(rows, message):
    found = problems(rows)
    assert len(found) == 1
    assert found[0].startswith("XLSForm (pyxform): ") and message in found[0]


def test_files_that_are_not_xlsforms():
    with pytest.raises(QuestionnaireError) as caught:
        import_file("form.xlsx", b"plain text, not a workbook")
    assert caught.value.problems == [
        "the file is not an .xlsx or .xls workbook (save the XLSForm as .xlsx)"]


def test_label_columns_must_name_a_language_we_can_tell():
    settings = [["form_id", "version", "form_title"], ["x", "1", "X"]]
    with pytest.raises(QuestionnaireError) as caught:
        import_xlsform(workbook([["type", "name", "label::Klingon"], ["integer", "a", "A"]],
                                None, settings))
    assert caught.value.problems[0] == (
        "survey sheet, row 2: cannot tell the language of column 'label::Klingon'; name it "
        "like 'label::Svenska (sv)'")
    named = import_xlsform(workbook([["type", "name", "label::Swedish"], ["integer", "a", "A"]],
                                    None, settings))
    assert named.questionnaire.languages == ("sv",)


KINDS = {"t": "select", "u": "multi", "a": "select", "n": "number", "x": "text"}


@pytest.mark.parametrize("expression", [
    "t in (3, 4, 5)", "answered(u) and not selected(u, 'inget')",
    "selected(u, 'misshandel') or selected(u, 'hot')", "a != '16-24'",
    "t not in (1, 2) and n > 5", "count(u) > 1", "not (t == 1 or n <= 3)",
    "t == 1 and (a == 'b' or n >= 2)", "not answered(x)",
])
def test_expressions_round_trip_through_xpath(expression):
    xpath = expression_to_xpath(expression, KINDS, {"t"})
    assert xpath_to_expression(xpath, KINDS, {"t"}) == expression


def test_not_equal_keeps_xpath_meaning_for_unanswered_questions():
    # XPath: '' != 'x' is true, so the question shows while a is unanswered
    assert xpath_to_expression("${a} != 'x'", KINDS) == "not a == 'x'"
    assert expression_to_xpath("a != 'x'", KINDS) == "${a} != '' and ${a} != 'x'"
    with pytest.raises(XPathError, match="is a number"):
        xpath_to_expression("${n} > 'many'", KINDS)


def test_yaml_aliases_are_refused():
    bomb = b"a: &a [x, x, x]\nb: [*a, *a, *a]\n"
    with pytest.raises(QuestionnaireError) as caught:
        import_file("bomb.yaml", bomb)
    assert caught.value.problems == ["YAML aliases (*name) are not allowed"]
