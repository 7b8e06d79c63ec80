"""Dialogue admin services: create, edit, close, archive, delete; rules and audit entries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from surveyapp.db import db
from surveyapp.dialogue.admin_services import (
    DialogueInvalid,
    archive_dialogue,
    close_dialogue,
    create_dialogue,
    delete_dialogue,
    public_dialogues,
    update_dialogue,
)
from surveyapp.dialogue.categories import parse_categories
from surveyapp.dialogue.models import Dialogue
from tests.surveyapp.dialogue_admin import (
    TODAY,
    add_pin,
    audit_objects,
    dialogue_count,
    make_areas,
    stored,
    valid_values,
)

CUSTOM = "morker; sv: Mörker; en: Darkness\nbuller; sv: Buller"


@pytest.fixture
def areas(app):
    return make_areas(app)


def _create(app, **changes):
    with app.app_context():
        dialogue = create_dialogue(valid_values(**changes), None)
        db.session.commit()
        return dialogue.slug


def _find(slug):
    return db.session.scalar(select(Dialogue).where(Dialogue.slug == slug))


def _refused(app, call) -> dict[str, str]:
    with app.test_request_context("/?lang=en"), pytest.raises(DialogueInvalid) as refused:
        call()
    with app.app_context():
        db.session.rollback()
    return refused.value.errors


def test_create_stores_every_setting_and_audits(app, areas):
    _create(app, category_source="custom", custom_categories=CUSTOM, comments_allowed="0",
            me_too_shown="0", moderation="all_wait")
    saved = stored(app, "parken-2026")
    assert saved["name"] == "Trygghet i parken"
    assert saved["titles"] == {"sv": "Trygghet i parken", "en": "Safety in the park"}
    assert saved["areas"] == ["0682R001", "0682R002"]
    assert saved["categories"] == [{"code": "morker", "label": {"sv": "Mörker", "en": "Darkness"}},
                                   {"code": "buller", "label": {"sv": "Buller"}}]
    assert (saved["comments_allowed"], saved["me_too_shown"], saved["moderation"]) == (
        "0", "0", "all_wait")
    assert audit_objects(app, "dialogue_created") == ["dialogue parken-2026"]


def test_create_fills_defaults_for_left_out_fields(app, areas):
    values = valid_values()
    for name in ("comments_allowed", "me_too_shown", "moderation", "category_source"):
        del values[name]
    with app.app_context():
        dialogue = create_dialogue(values, None)
        assert (dialogue.comments_allowed, dialogue.me_too_shown, dialogue.moderation,
                dialogue.categories) == (True, True, "text_waits", None)


@pytest.mark.parametrize(("field", "value"), [
    ("slug", "Stora Parken"), ("slug", "-a"), ("slug", ""), ("title_sv", "   "),
    ("title_en", "x" * 201), ("intro_sv", "x" * 2001), ("areas", []), ("areas", ["NOPE"]),
    ("areas", ["NOSHAPE"]), ("category_source", "mine"), ("custom_categories", ""),
    ("comments_allowed", "maybe"), ("me_too_shown", "2"), ("moderation", "nobody"),
    ("opens", "1 sept"), ("closes", "2026-02-30"),
])
def test_each_bad_value_is_refused_and_nothing_is_stored(app, areas, field, value):
    changes = {field: value}
    if field == "custom_categories":
        changes["category_source"] = "custom"
    errors = _refused(app, lambda: create_dialogue(valid_values(**changes), None))
    assert field in errors and errors[field]
    assert dialogue_count(app) == 0 and audit_objects(app, "dialogue_created") == []


def test_closing_before_opening_and_duplicate_slug(app, areas):
    _create(app)
    errors = _refused(app, lambda: create_dialogue(valid_values(
        opens=TODAY.isoformat(), closes=(TODAY - timedelta(days=1)).isoformat()), None))
    assert "before the opening" in errors["closes"] and "already uses" in errors["slug"]
    assert dialogue_count(app) == 1


@pytest.mark.parametrize(("text", "words"), [
    ("Mörker; sv: Mörker", "code"), ("morker sv: Mörker", "code"),
    ("morker; Mörker", "language code"), ("morker; xx: Mörker", "language code"),
    ("morker; sv:", "characters"), ("morker; en: Darkness", "Swedish"),
    ("morker; sv: A\nmorker; sv: B", "twice"),
])
def test_malformed_custom_categories_name_the_line(app, text, words):
    with app.test_request_context("/?lang=en"):
        categories, error = parse_categories(text)
    assert categories is None and words in error and "Line" in error


def test_edit_audits_the_changed_fields_only(app, areas):
    _create(app)
    with app.app_context():
        changed = update_dialogue(_find("parken-2026"), {"title_sv": "Parken", "me_too_shown": "0",
                                                         "areas": ["0682R001"]}, None)
        db.session.commit()
    assert changed == ["titles", "me_too_shown", "areas"]
    assert audit_objects(app, "dialogue_edited") == [
        "dialogue parken-2026: titles, me_too_shown, areas"]
    assert stored(app, "parken-2026")["name"] == "Parken"
    with app.app_context():
        assert update_dialogue(_find("parken-2026"), {}, None) == []
    assert len(audit_objects(app, "dialogue_edited")) == 1


def test_areas_with_pins_cannot_be_removed_but_others_can(app, areas):
    _create(app, areas=["0682R001", "0682R002", "0682R003"])
    add_pin(app, "parken-2026", "0682R001")
    errors = _refused(app, lambda: update_dialogue(
        _find("parken-2026"), {"areas": ["0682R002"]}, None))
    assert "Centrum" in errors["areas"]
    assert stored(app, "parken-2026")["areas"] == ["0682R001", "0682R002", "0682R003"]
    with app.app_context():
        update_dialogue(_find("parken-2026"), {"areas": ["0682R001", "0682R004"]}, None)
        db.session.commit()
    assert stored(app, "parken-2026")["areas"] == ["0682R001", "0682R004"]


def test_categories_used_by_pins_stay_in_the_list(app, areas):
    _create(app)
    add_pin(app, "parken-2026", category="belysning")
    errors = _refused(app, lambda: update_dialogue(
        _find("parken-2026"), {"category_source": "custom", "custom_categories": CUSTOM}, None))
    assert "belysning" in errors["custom_categories"]
    assert stored(app, "parken-2026")["categories"] is None


def test_close_archive_and_delete(app, areas):
    _create(app)
    _create(app, slug="tom-karta")
    add_pin(app, "parken-2026")
    with app.app_context():
        close_dialogue(_find("parken-2026"), TODAY, None)
        db.session.commit()
    assert stored(app, "parken-2026")["closed_on"] == TODAY
    assert "already closed" in _refused(
        app, lambda: close_dialogue(_find("parken-2026"), TODAY, None))["closed"]
    assert "Archive it" in _refused(
        app, lambda: delete_dialogue(_find("parken-2026"), None))["delete"]
    with app.app_context():
        archive_dialogue(_find("parken-2026"), TODAY, None)
        delete_dialogue(_find("tom-karta"), None)
        db.session.commit()
    assert stored(app, "parken-2026")["archived"] is True and stored(app, "tom-karta") is None
    assert audit_objects(app, "dialogue_closed") == ["dialogue parken-2026: closed_on"]
    assert audit_objects(app, "dialogue_archived") == ["dialogue parken-2026: archived"]
    assert audit_objects(app, "dialogue_deleted") == ["dialogue tom-karta"]


def test_public_lists_split_open_and_closed_and_hide_archived_and_future(app, areas):
    _create(app, slug="oppen")
    _create(app, slug="slut", opens="2025-01-01", closes="2025-02-01")
    _create(app, slug="stangd")
    _create(app, slug="arkiv")
    _create(app, slug="snart", opens=(TODAY + timedelta(days=3)).isoformat())
    with app.app_context():
        close_dialogue(_find("stangd"), TODAY, None)
        archive_dialogue(_find("arkiv"), TODAY, None)
        open_maps, closed_maps = public_dialogues(date.today())
        assert [d.slug for d in open_maps] == ["oppen"]
        assert sorted(d.slug for d in closed_maps) == ["slut", "stangd"]
