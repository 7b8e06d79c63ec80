"""SQLite: what the resident typed and then changed, and the deleted draft, are not left in the
database file or its WAL once the answers are sent and batched (issue 13)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from surveyapp.db import db
from surveyapp.surveys.models import Draft, PendingAnswer
from tests.surveyapp.respondent import (
    FULL_PLAN,
    answer_all,
    field_names,
    post_page,
    start_with_code,
)


def _files(app) -> list[Path]:
    with app.app_context():
        database = Path(db.engine.url.database)
    return [database, Path(f"{database}-wal")]


def test_a_changed_answer_and_the_draft_leave_no_bytes(app, make_campaign, make_codes):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("the WAL and secure_delete are SQLite's")
    slug = make_campaign(mode="invitation")
    [code] = make_codes(slug, 1)
    client = app.test_client()
    begun = start_with_code(client, slug, code)
    first = urlsplit(begun.location).path
    # Answer page by page up to the free-text question and save a text there that the
    # resident replaces later ("save for later", so the last page is not sent yet).
    typed_first = "Forsta-utkastet-7Q3Z"
    plan = dict(FULL_PLAN, forbattring=typed_first)
    page = first
    for _ in range(30):
        if "forbattring" in field_names(client.get(page).get_data(as_text=True)):
            assert post_page(client, page, plan, action="save").status_code == 303
            break
        reply = post_page(client, page, plan)
        if reply.status_code == 303:
            page = urlsplit(reply.location).path
    else:
        raise AssertionError("never reached the free-text question")
    with app.app_context():
        [draft] = db.session.scalars(sa.select(Draft)).all()
        assert draft.answers["forbattring"] == typed_first
        draft_key = draft.key_hash
    text_page = page
    # Go back to it, replace the text, and send everything.
    answer_all(client, text_page, dict(FULL_PLAN, forbattring="Slutligt svar"))
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Draft)) == 0
        assert db.session.scalar(sa.select(sa.func.count()).select_from(PendingAnswer)) == 0
    for path in _files(app):
        data = path.read_bytes() if path.exists() else b""
        assert typed_first.encode() not in data, path
        assert draft_key.encode() not in data, path
        assert code.encode() not in data and code.replace("-", "").encode() not in data, path
    stored = _files(app)[0].read_bytes()
    assert b"Slutligt svar" in stored  # the response itself is in the file

