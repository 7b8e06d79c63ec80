"""What a question page costs the database: few statements, and never the large columns (the
questionnaire's definition, the areas' boundaries) once the parsed questionnaire is cached."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event, select

from surveyapp.db import db
from surveyapp.surveys.models import QuestionnaireVersion, definition_digest
from tests.surveyapp.respondent import FULL_PLAN, csrf, field_names, start_open


@contextmanager
def statements(app) -> Iterator[list[str]]:
    """The SQL statements run while the block runs."""
    seen: list[str] = []

    def record(_conn, _cursor, statement, _params, _context, _many) -> None:
        if "SAVEPOINT" not in statement:  # the test's own transaction around each request
            seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_a_question_page_reads_no_definition_and_no_boundaries(app, client, make_campaign):
    slug = make_campaign(slug="snabb", mode="open")
    first = start_open(client, slug)
    assert first == f"/s/{slug}/page/1", "the start answers with one redirect, to the page"
    client.get(first)  # the parsed questionnaire is cached from here on
    with statements(app) as get_sql:
        html = client.get(first).get_data(as_text=True)
    data = {name: FULL_PLAN[name] for name in field_names(html) if name in FULL_PLAN}
    with statements(app) as post_sql:
        answered = client.post(first, data={**data, "csrf_token": csrf(html), "action": "next"})
    assert answered.status_code == 303 and answered.location.endswith("/page/2")
    for sql in get_sql + post_sql:
        assert "questionnaire.definition" not in sql.lower(), sql
        assert "area.geometry" not in sql.lower(), sql
    # campaign (+ questionnaire joined), draft, the page's areas (page 1 asks for the area)
    assert len(get_sql) <= 3, get_sql
    # the same three reads and the draft's update (+ the rate counter's upsert when limits run)
    assert len(post_sql) <= 5, "\n".join(sql[:90] for sql in post_sql)


def test_the_stored_digest_is_the_definition_s_sha256(app, make_campaign):
    make_campaign(slug="digest")
    with app.app_context():
        version = db.session.scalar(select(QuestionnaireVersion))
        canonical = json.dumps(version.definition, sort_keys=True, ensure_ascii=False)
        assert version.digest == hashlib.sha256(canonical.encode()).hexdigest()
        assert definition_digest(version.definition) == version.digest
        changed = dict(version.definition, title={"sv": "Ny titel"})
        version.definition = changed
        db.session.flush()
        assert version.digest == definition_digest(changed) != definition_digest(
            json.loads(canonical))
