"""What the corpus forms mean once imported: cascades, calculations, or_other, defaults, bounds,
messages, aliases and groups (each checked against values worked out by hand)."""

from __future__ import annotations

import pytest

from questionnaires import Questionnaire
from questionnaires.xlsform import import_file
from tests.questionnaires.xlsform_corpus.build import corpus

BY_NAME = {form.name: form for form in corpus()}


def imported(name: str) -> Questionnaire:
    form = BY_NAME[name]
    return import_file(form.file, form.workbook()).questionnaire


def codes(choices) -> list:
    return [choice.code for choice in choices]


def test_a_cascade_offers_only_the_chosen_districts_areas():
    q = imported("cascade_district_area").question("omrade")
    assert codes(q.offered_choices({"stadsdel": "norr"})) == ["n1", "n2", "n3"]
    assert codes(q.offered_choices({"stadsdel": "soder"})) == ["s1", "s2"]
    assert q.offered_choices({}) == ()
    reversed_form = imported("cascade_ar_sv").question("kommundel")
    assert codes(reversed_form.offered_choices({"kommun": 2})) == [21, 22]


def test_calculations_are_worked_out_from_earlier_answers():
    worry = imported("calc_worry_index")
    known = worry.with_calculations({"oro_inbrott": 1, "oro_overfall": 3, "oro_skadegorelse": 4})
    assert known["oro_index"] == 8
    assert worry.question("oro_varfor").is_relevant(known)
    low = worry.with_calculations({"oro_inbrott": 1, "oro_overfall": 1, "oro_skadegorelse": 4})
    assert low["oro_index"] == 6 and not worry.question("oro_varfor").is_relevant(low)
    assert "oro_index" not in worry.with_calculations({"oro_inbrott": 1})  # '' + ... has no value
    seen = imported("calc_if_selected").with_calculations(
        {"problems": ["drugs", "litter"], "nights_out": 3})
    assert (seen["n_problems"], seen["drugs_seen"], seen["nights_share"]) == (2, 1, 43)  # 300/7


def test_or_other_adds_the_choice_and_a_text_question_asked_after_it():
    q = imported("amn_ar")
    assert codes(q.question("makan").choices) == ["station", "park", "centre", "other"]
    assert q.question("makan").choices[-1].label("ar") == "أخرى"
    follow_up = q.question("makan_other")
    assert follow_up.type == "text"
    assert follow_up.is_relevant({"makan": "other"}) and not follow_up.is_relevant({"makan": "park"})
    multi = imported("or_other_multi").question("atgard_other")
    assert multi.is_relevant({"atgard": ["klotter", "other"]})
    assert multi.text("sv") == "Ange annat." and multi.text("en") == "Specify other."


def test_defaults_bounds_and_messages():
    defaults = imported("defaults")
    assert [defaults.question(v).default for v in ("bor_kvar", "hushall", "fardmedel")] == \
        ["1", "1", "gang buss"]
    incident = imported("incident_date_time").question("datum")
    assert incident.latest == "today" and incident.earliest is None
    assert incident.constraint_message("en") == "The date cannot be in the future"
    walk = imported("walk_decimal").question("bredd")
    assert (walk.minimum, walk.maximum) == (0.5, 12.5)
    age = imported("kvartersvandring_sv_en").question("alder")
    assert (age.minimum, age.maximum) == (16, 110)
    assert age.required_message("sv") == "Vi behöver din ålder"
    assert age.constraint_message("en") == "Give an age from 16 to 110"


def test_legacy_aliases_mean_what_pyxform_says():
    q = imported("legacy_aliases")
    assert q.question("walks_alone").required  # bind:required true()
    assert [q.question(v).type for v in ("walks_alone", "places", "years", "why", "where")] == \
        ["single", "multi", "number", "text", "place"]
    assert q.question("places").relevant.source == "walks_alone == 'yes'"
    years = q.question("years")
    assert (years.minimum, years.maximum) == (0, 99)
    assert years.constraint_message("en") == "Between 0 and 99"


@pytest.mark.parametrize(("name", "question", "answers", "shown"), [
    ("nested_groups", "skolvag_trygg", {"har_barn": 1}, True),
    ("nested_groups", "skolvag_trygg", {"har_barn": 2}, False),
    ("nested_groups", "barn_ovrigt", {"har_barn": 2}, True),
    ("group_relevant", "bus_stop", {"uses_bus": "y"}, True),
    ("group_relevant", "on_bus", {"uses_bus": "n"}, False),
])
def test_group_conditions_reach_their_questions(name, question, answers, shown):
    assert imported(name).question(question).is_relevant(answers) is shown


def test_metadata_and_notes_hold_no_answer_variables():
    assert imported("kobo_metadata").variables() == ["safe_home", "safe_street"]
    notes = imported("xls_multilingual")
    assert notes.pages[0].questions[0].type == "note"
    assert notes.pages[0].questions[0].text("ti") == "እንቋዕ ብደሓን መጻእኩም!"
    assert notes.question("inflytt").latest == "today"
