"""Interface language: how it is chosen, its direction, and complete catalogs."""

from __future__ import annotations

import pytest
from babel.messages.pofile import read_po

from surveyapp.i18n import LANGUAGES
from tests.conftest import REPO

CATALOGS = REPO / "translations"


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_is_complete_and_not_fuzzy(language):
    path = CATALOGS / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle)
    with (CATALOGS / "messages.pot").open("rb") as handle:
        template_ids = {m.id for m in read_po(handle) if m.id}
    ids = {m.id for m in catalog if m.id}
    assert template_ids <= ids, f"{language}: not updated from messages.pot"
    untranslated = [m.id for m in catalog if m.id and not m.string]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert untranslated == [] and fuzzy == [], f"{language}: {untranslated or fuzzy}"


def test_placeholders_survive_translation():
    import re

    for language in LANGUAGES:
        with (CATALOGS / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
            for message in read_po(handle):
                if message.id:
                    wanted = sorted(re.findall(r"%\(\w+\)s", message.id))
                    assert sorted(re.findall(r"%\(\w+\)s", message.string)) == wanted, (
                        language, message.id)


def test_locale_from_query_then_session_then_accept_language(client):
    page = client.get("/", headers={"Accept-Language": "fi-FI,fi;q=0.9"})
    assert '<html lang="fi" dir="ltr">' in page.get_data(as_text=True)
    page = client.get("/?lang=ar", headers={"Accept-Language": "fi"})
    assert '<html lang="ar" dir="rtl">' in page.get_data(as_text=True)
    page = client.get("/", headers={"Accept-Language": "fi"})
    assert '<html lang="ar" dir="rtl">' in page.get_data(as_text=True), "remembered in session"


def test_unknown_language_falls_back_to_swedish(client):
    page = client.get("/?lang=xx", headers={"Accept-Language": "de"})
    body = page.get_data(as_text=True)
    assert '<html lang="sv" dir="ltr">' in body
    assert "Trygghet" in body


@pytest.mark.parametrize(("language", "direction"), [("fa", "rtl"), ("ti", "ltr"), ("uk", "ltr")])
def test_every_language_renders_translated_interface(client, language, direction):
    body = client.get(f"/?lang={language}").get_data(as_text=True)
    assert f'<html lang="{language}" dir="{direction}">' in body
    assert "Surveys open now" not in body
