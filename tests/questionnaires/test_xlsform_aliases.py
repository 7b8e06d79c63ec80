"""Every spelling in pyxform's own alias tables is read the way pyxform reads it."""

from __future__ import annotations

import pytest
from pyxform import aliases
from pyxform.question_type_dictionary import QUESTION_TYPE_DICT

from questionnaires.xlsform_aliases import (
    SURVEY_COLUMNS,
    choices_column,
    settings_column,
    split_type,
    survey_column,
)
from questionnaires.xlsform_sheets import language_code


@pytest.mark.parametrize(("header", "ours"), [
    ("relevance", "relevant"), ("bind:relevant", "relevant"), ("bind::relevant", "relevant"),
    ("bind:jr:constraintMsg", "constraint_message"), ("jr:requiredMsg", "required_message"),
    ("constraining_message", "constraint_message"), ("bind:calculate", "calculation"),
    ("caption", "label"), ("Label::English (en)", "label::English (en)"),
    ("jr:constraintMsg::Svenska (sv)", "constraint_message::Svenska (sv)"),
    ("media::image", "image"), ("hint:English", "hint::English"),
    ("bind::surveyapp:stratum", "bind::surveyapp:stratum"), ("$kuid", "$kuid"),
])
def test_survey_headers(header, ours):
    assert survey_column(header, frozenset({"bind::surveyapp:stratum"})) == ours


def test_every_pyxform_survey_alias_of_a_column_we_read_lands_on_it():
    for alias, target in aliases.survey_header.items():
        for ours in SURVEY_COLUMNS:
            if aliases.survey_header.get(ours) == target:
                assert survey_column(alias) == ours, alias


def test_choices_and_settings_headers():
    assert [choices_column(h) for h in ("list name", "list_name", "value", "caption::ar")] == \
        ["list_name", "list_name", "name", "label::ar"]
    assert [settings_column(h) for h in ("set_form_title", "form_id", "set_form_id", "title")] \
        == ["form_title", "form_id", "form_id", "form_title"]


@pytest.mark.parametrize(("raw", "expected"), [
    ("select one from yes_no", ("select_one", "yes_no", False)),
    ("select all that apply from places", ("select_multiple", "places", False)),
    ("select_one trygg or_other", ("select_one", "trygg or_other", False)),
    ("select1 x", ("select_one", "x", False)),
    ("select_one_from_file areas.csv", ("select_one", "areas.csv", True)),
    ("gps", ("geopoint", "", False)), ("string", ("text", "", False)),
    ("int", ("integer", "", False)), ("q note", ("note", "", False)),
    ("add date prompt", ("date", "", False)), ("get today", ("today", "", False)),
    ("device id", ("deviceid", "", False)), ("hidden", ("calculate", "", False)),
    ("select one external x", ("select_one_external", "x", False)),
])
def test_types(raw, expected):
    assert split_type(raw) == expected


def test_every_other_question_type_pyxform_knows_keeps_its_kind_of_answer():
    for name, spec in QUESTION_TYPE_DICT.items():
        if "select" in name:
            continue
        base, rest, _from_file = split_type(name)
        assert rest == "" and base in QUESTION_TYPE_DICT, name
        bind = QUESTION_TYPE_DICT[base].get("bind", {})
        assert bind.get("type") == spec.get("bind", {}).get("type"), name


@pytest.mark.parametrize(("header", "code"), [
    ("Svenska (sv)", "sv"), ("English", "en"), ("Arabic", "ar"), ("العربية", "ar"),
    ("Tigrinya", "ti"), ("ትግርኛ", "ti"), ("Soomaali", "so"), ("فارسی", "fa"), ("uk", "uk"),
    ("Klingon", None), ("default", None),
])
def test_language_names(header, code):
    assert language_code(header) == code
