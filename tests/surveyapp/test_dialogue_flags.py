"""Personal-data flags on free text."""

from __future__ import annotations

import pytest

from surveyapp.dialogue.flags import personal_data_flags


@pytest.mark.parametrize(
    ("text", "flags"),
    [
        ("Han heter Kalle och står där varje kväll", ["name"]),
        ("my neighbour's name is Anna", ["name"]),
        ("Ring mig på 070-123 45 67", ["phone"]),
        ("ring +46 70 123 45 67", ["phone"]),
        ("skriv till anna.svensson@example.se", ["email"]),
        ("hans personnummer 850101-1234", ["personal_number"]),
        ("19850101-1234", ["personal_number"]),
        ("bilen ABC 123 kör för fort", ["registration_plate"]),
        ("bilen ABC12D igen", ["registration_plate"]),
        ("Lampan vid gångtunneln är trasig sedan 2024", []),
        ("det heter parken men är mörkt", []),
        ("buss 123 går sällan", []),
        (None, []),
    ],
)
def test_flags(text, flags):
    assert personal_data_flags(text) == flags


def test_flags_from_several_texts_are_combined():
    assert personal_data_flags("heter Kalle", None, "a@b.se") == ["email", "name"]
