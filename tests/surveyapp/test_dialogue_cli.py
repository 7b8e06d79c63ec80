"""``flask dialogue create|edit|close|archive|delete|list`` call the same services as the pages."""

from __future__ import annotations

from datetime import timedelta

import pytest

from surveyapp.auth.models import User
from surveyapp.db import db
from tests.surveyapp.dialogue_admin import (
    TODAY,
    add_pin,
    audit_objects,
    dialogue_count,
    make_areas,
    stored,
)

CREATE = ["dialogue", "create", "--slug", "parken-2026", "--title", "sv=Trygghet i parken",
          "--title", "en=Safety in the park", "--area", "0682R001", "--area", "0682R002",
          "--opens", TODAY.isoformat(), "--closes", (TODAY + timedelta(days=30)).isoformat()]


@pytest.fixture
def cli(app):
    make_areas(app)
    runner = app.test_cli_runner()
    return lambda *args: runner.invoke(args=list(args))


def test_help_documents_every_option(cli):
    result = cli("dialogue", "create", "--help")
    for option in ("--slug", "--title", "--intro", "--area", "--categories", "--no-comments",
                   "--no-me-too", "--moderation", "--opens", "--closes", "--by"):
        assert option in result.output
    assert all(name in cli("dialogue", "--help").output
               for name in ("create", "edit", "close", "archive", "delete", "list"))


def test_create_edit_close_archive_list(app, cli, tmp_path):
    result = cli(*CREATE, "--no-me-too", "--moderation", "all_wait")
    assert result.exit_code == 0, result.output
    saved = stored(app, "parken-2026")
    assert saved["titles"] == {"sv": "Trygghet i parken", "en": "Safety in the park"}
    assert (saved["me_too_shown"], saved["comments_allowed"], saved["moderation"]) == (
        "0", "1", "all_wait")
    categories = tmp_path / "kategorier.txt"
    categories.write_text("morker; sv: Mörker; en: Darkness\n", encoding="utf-8")
    with app.app_context():
        user = User(email="samordnare@kommun.se", roles=["coordinator"])
        user.set_password("a-long-test-password")
        db.session.add(user)
        db.session.commit()
    result = cli("dialogue", "edit", "parken-2026", "--categories", str(categories),
                 "--no-comments", "--by", "samordnare@kommun.se")
    assert result.exit_code == 0, result.output
    assert "categories, comments_allowed" in result.output
    saved = stored(app, "parken-2026")
    assert saved["categories"] == [{"code": "morker", "label": {"sv": "Mörker", "en": "Darkness"}}]
    assert saved["titles"]["en"] == "Safety in the park", "options not given stay"
    assert audit_objects(app, "dialogue_edited") == [
        "dialogue parken-2026: categories, comments_allowed"]
    assert cli("dialogue", "close", "parken-2026").exit_code == 0
    assert stored(app, "parken-2026")["closed_on"] == TODAY
    listing = cli("dialogue", "list").output
    assert "parken-2026" in listing and "closed" in listing
    assert cli("dialogue", "archive", "parken-2026").exit_code == 0
    assert "parken-2026" not in cli("dialogue", "list").output
    assert "archived" in cli("dialogue", "list", "--archived").output


@pytest.mark.parametrize(("args", "words"), [
    (["--slug", "Stora Parken"], "slug:"),
    (["--title", "sv= "], "title_sv:"),
    (["--title", "xx=Titel"], "unknown:"),
    (["--area", "NOPE"], "areas: Unknown areas: NOPE"),
    (["--closes", "2020-01-01"], "closes: The closing date is before the opening date."),
    (["--opens", "i morgon"], "opens: Write the date as YYYY-MM-DD"),
])
def test_bad_options_are_refused_with_the_field_and_nothing_is_stored(app, cli, args, words):
    result = cli(*CREATE, *args)
    assert result.exit_code == 1 and words in result.output, result.output
    assert dialogue_count(app) == 0


def test_bad_categories_file_and_delete_with_pins(app, cli, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("morker; en: Darkness\n", encoding="utf-8")
    result = cli(*CREATE, "--categories", str(bad))
    assert result.exit_code == 1 and "Line 1" in result.output and "Swedish" in result.output
    assert cli(*CREATE, "--categories", str(tmp_path / "none.txt")).exit_code == 1
    assert cli(*CREATE).exit_code == 0
    add_pin(app, "parken-2026")
    result = cli("dialogue", "delete", "parken-2026")
    assert result.exit_code == 1 and "Archive it instead" in result.output
    assert dialogue_count(app) == 1
    assert cli("dialogue", "edit", "nope").exit_code == 1
