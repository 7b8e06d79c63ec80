"""Loading questionnaires: the bundled library and clear errors for broken files."""

import subprocess
import sys
import textwrap

import pytest

from questionnaires import QuestionnaireError, load_file, load_library
from tests.conftest import REPO

LANGUAGES = ("sv", "en", "ar", "fa", "so", "ti", "fi", "uk")


def test_standard_questionnaire_is_complete_in_every_language():
    questionnaire = load_library("trygghet")
    assert questionnaire.languages == LANGUAGES
    missing = [
        (path, language)
        for path, text in questionnaire.texts()
        for language in LANGUAGES
        if not text.has(language)
    ]
    assert missing == []
    assert 25 <= len(questionnaire.variables()) <= 40


def test_standard_questionnaire_has_the_indicator_strata_and_skip_logic():
    questionnaire = load_library("trygghet")
    indicator = questionnaire.question("trygg_kvall")
    assert [c.code for c in indicator.choices] == [1, 2, 3, 4, 5, 6, 9]
    assert {q.stratum for q in questionnaire.questions() if q.stratum} == {"sex", "age_group", "area"}
    assert questionnaire.question("anmalt").relevant is not None
    assert any(choice.exclusive for choice in questionnaire.question("utsatt").choices)
    types = {q.type for q in questionnaire.questions()}
    assert types == {"single", "multi", "grid", "number", "text", "place"}


def write(tmp_path, body: str):
    path = tmp_path / "broken.yaml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


VALID_HEAD = """\
key: test
version: "1"
languages: [sv, en]
title: {sv: Test}
"""


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("pages: []", "pages: must be a non-empty list"),
        (
            "pages:\n- id: p1\n  questions:\n  - {id: q1, type: slider, text: {sv: A}}",
            "question q1: type 'slider' is not one of",
        ),
        (
            "pages:\n- id: p1\n  questions:\n  - {id: q1, type: single, text: {en: A}, choices: [{code: 1, label: {sv: Ja}}]}",
            "question q1: the source language 'sv' text is missing",
        ),
        (
            "pages:\n- id: p1\n  questions:\n  - {id: q1, type: single, text: {sv: A}, choices: nope}",
            "question q1: choice list 'nope' is not defined",
        ),
        (
            "pages:\n- id: p1\n  questions:\n  - {id: q1, type: single, text: {sv: A}, choices: [{code: 1, label: {sv: Ja}}, {code: 1, label: {sv: Nej}}]}",
            "question q1: choice code 1 appears twice",
        ),
        (
            "pages:\n- id: p1\n  questions:\n  - {id: q1, type: number, text: {sv: A}, relevant: \"q2 == 1\"}\n  - {id: q2, type: number, text: {sv: B}}",
            "question q1: relevant uses q2, which no earlier question asks",
        ),
        (
            "pages:\n- id: p1\n  questions:\n  - {id: q1, type: number, text: {sv: A}, relevant: \"eval(q1)\"}",
            "question q1: relevant: unknown function 'eval'",
        ),
        (
            "pages:\n- id: p1\n  questions:\n  - {id: q1, type: number, text: {sv: A}, min: 5, max: 1}",
            "question q1: min 5 is larger than max 1",
        ),
        (
            "pages:\n- id: p1\n  questions:\n  - {id: q1, type: number, text: {sv: A}}\n  - {id: q1, type: number, text: {sv: B}}",
            "variable 'q1' is used twice",
        ),
        (
            "pages:\n- id: p1\n  questions:\n  - {id: q1, type: single, stratum: area, text: {sv: A}, choices: [{code: 1, label: {sv: Ja}}]}",
            "question q1: the area stratum must be a place question",
        ),
        (
            "pages:\n- id: p1\n  questions:\n  - {id: q1, type: number, text: {sv: A, de: B}}",
            "question q1: language(s) de not listed",
        ),
        (
            "pages:\n- id: p1\n  questions:\n  - {id: Q-1, type: text, text: {sv: A}}",
            "id 'Q-1' must match",
        ),
        (
            "pages:\n- id: p1\n  questions:\n  - {id: q1, type: number, text: {sv: A}, required: 'no'}",
            "question q1: required must be true or false, not 'no'",
        ),
        (
            "pages:\n- id: p1\n  questions:\n  - {id: q1, type: text, text: {sv: A}, multiline: 1}",
            "question q1: multiline must be true or false, not 1",
        ),
        (
            "pages:\n- id: p1\n  questions:\n  - {id: q1, type: multi, text: {sv: A}, choices: [{code: 9, label: {sv: Inget}, exclusive: 'yes'}]}",
            "question q1, choice 9: exclusive must be true or false, not 'yes'",
        ),
    ],
)
def test_broken_files_name_file_question_and_problem(tmp_path, body, problem):
    path = write(tmp_path, VALID_HEAD + body)
    with pytest.raises(QuestionnaireError) as caught:
        load_file(path)
    message = str(caught.value)
    assert str(path) in message
    assert problem in message


def test_every_problem_is_reported_at_once(tmp_path):
    body = (
        "pages:\n- id: p1\n  questions:\n"
        "  - {id: q1, type: slider, text: {sv: A}}\n"
        "  - {id: q2, type: single, text: {sv: B}, choices: missing}\n"
    )
    with pytest.raises(QuestionnaireError) as caught:
        load_file(write(tmp_path, VALID_HEAD + body))
    assert len(caught.value.problems) == 2


def test_invalid_yaml_is_reported_with_its_position(tmp_path):
    with pytest.raises(QuestionnaireError, match=r"not valid YAML(.|\n)*line 2"):
        load_file(write(tmp_path, "key: test\n  bad: [unclosed\n"))


def test_validate_command_exits_non_zero_and_names_the_problem(tmp_path):
    path = write(tmp_path, VALID_HEAD + "pages: []")
    result = subprocess.run(
        [sys.executable, "-m", "questionnaires", "validate", str(path)],
        capture_output=True, text=True, cwd=REPO, check=False,
    )
    assert result.returncode == 1
    assert "pages: must be a non-empty list" in result.stderr
    ok = subprocess.run(
        [sys.executable, "-m", "questionnaires", "validate", "questionnaires/library/trygghet.yaml"],
        capture_output=True, text=True, cwd=REPO, check=False,
    )
    assert ok.returncode == 0, ok.stderr


def test_yes_no_settings_keep_their_meaning_and_may_be_left_out(tmp_path):
    body = (
        "pages:\n- id: p1\n  questions:\n"
        "  - {id: q1, type: number, text: {sv: A}, required: false}\n"
        "  - {id: q2, type: text, text: {sv: B}, required: true, multiline: null}\n"
    )
    questionnaire = load_file(write(tmp_path, VALID_HEAD + body))
    assert not questionnaire.question("q1").required
    assert questionnaire.question("q2").required and not questionnaire.question("q2").multiline
