"""The one text cleaner: what it keeps for the languages residents write in, and what it drops."""

from __future__ import annotations

import unicodedata

import pytest

from surveyapp.text import BIDI_CONTROLS, clean_text

ZWNJ, ZWJ, LRM, RLM, ALM = "\u200c", "\u200d", "\u200e", "\u200f", "\u061c"


@pytest.mark.parametrize("text", [
    "می\u200cخواهم شب\u200cها بیرون بروم",   # Persian: ZWNJ inside words
    "أشعر بعدم الأمان في الحديقة ليلاً",      # Arabic with a tashkeel-free sentence
    "ኣብ ፓርክ ምሸት ኣይውሕስን እየ።",              # Tigrinya (Ethiopic) with its full stop
    "👩\u200d👩\u200d👧 🇸🇪 🇪🇷 👍🏽",             # ZWJ family, two flags, skin tone
    "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",  # Scotland: tag chars
    "Storgatan 5 " + RLM + "ک" + LRM + " 12" + ALM,
    "line one\nline two\ttab",
])
def test_text_writers_need_is_kept_as_typed(text: str) -> None:
    assert clean_text(text) == unicodedata.normalize("NFC", text)


def test_zwnj_survives_and_word_differs_without_it() -> None:
    cleaned = clean_text(" می\u200cخواهم ")
    assert cleaned == "می\u200cخواهم"
    assert ZWNJ in cleaned
    assert cleaned != "میخواهم"


def test_line_breaks_become_newlines() -> None:
    assert clean_text("a\r\nb\rc\nd") == "a\nb\nc\nd"


def test_control_characters_are_dropped() -> None:
    assert clean_text("a\x00b\x07c\x1bd\x7fe\x85f") == "abcdef"


def test_lone_surrogate_is_dropped() -> None:
    assert clean_text("ok\ud800") == "ok"


@pytest.mark.parametrize("control", sorted(BIDI_CONTROLS))
def test_bidi_overrides_and_isolates_are_dropped(control: str) -> None:
    assert clean_text(f"abc{control}def") == "abcdef"


def test_trojan_source_comment_reads_as_stored() -> None:
    # U+202E would show "the park is safe" reversed after it; stored and shown text must agree.
    spoofed = "ok \u202eefas si krap eht\u202c"
    assert clean_text(spoofed) == "ok efas si krap eht"


def test_nfc_normalisation_joins_combining_marks() -> None:
    assert clean_text("Ga\u0308vle") == "Gävle"


def test_whitespace_only_is_empty() -> None:
    assert clean_text(" \n\t \r\n") == ""
