"""The transaction rule: a view that returns commits (whatever the status), one that raises
rolls back; counters that must survive a refusal are committed with the refusal page."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from surveyapp import create_app
from surveyapp.auth.audit import record
from surveyapp.auth.models import AuditEvent, User
from surveyapp.auth.permissions import public
from surveyapp.db import db
from surveyapp.dialogue.models import RateCounter
from tests.conftest import STAFF_PASSWORD, csrf_token
from tests.surveyapp.test_dialogue_pins import IN_NORRMALM, MAP, make_dialogue, pins, post_pin


def _rate_counts(app) -> list[int]:
    with app.app_context():
        return list(db.session.scalars(select(RateCounter.count)))


def _audit_actions(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent.action)))


def test_refused_dialogue_posts_count_toward_the_limit(app, client, monkeypatch):
    make_dialogue(app)
    monkeypatch.setitem(app.config, "DIALOGUE_RATE_LIMIT", 6)
    refused = [post_pin(client, category="no-such-category", **IN_NORRMALM).status_code
               for _ in range(6)]
    assert refused == [422] * 6
    assert _rate_counts(app) == [6]
    # The limit is used up by the refused posts: a good pin is now refused as well.
    assert post_pin(client, **IN_NORRMALM).status_code == 429
    assert pins(app) == []


def test_a_failed_login_counts_though_the_page_answers_401(app, client, log_in):
    log_in(app.test_client(), ["analyst"], "counted@kommun.se")
    token = csrf_token(client, "/login")
    wrong = {"csrf_token": token, "email": "counted@kommun.se", "password": "not it at all"}
    assert [client.post("/login", data=wrong).status_code for _ in range(2)] == [401, 401]
    assert sorted(_rate_counts(app)) == [2, 2]  # this address at this account; the account
    right = {**wrong, "password": STAFF_PASSWORD}
    assert client.post("/login", data=right).status_code == 302
    assert _rate_counts(app) == [2]  # the address starts afresh, the account keeps its count


def test_a_view_that_aborts_after_counting_leaves_nothing_written(app, client):
    make_dialogue(app)
    token = csrf_token(client, MAP)
    # me-too counts the post, then finds no such pin and aborts with 404: all rolled back.
    response = client.post(f"{MAP}/pins/999999/me-too", data={"csrf_token": token})
    assert response.status_code == 404
    assert _rate_counts(app) == []


@pytest.fixture
def probe(app, database_url):
    """An app with two extra views that write an audit event, then raise or refuse with 400."""
    probe_app = create_app({"TESTING": True, "SECRET_KEY": "test-secret",
                            "SQLALCHEMY_DATABASE_URI": database_url,
                            "RATELIMIT_ENABLED": False})

    @public
    def raises():
        record(None, "probe_raise")
        raise RuntimeError("a bug after the write")

    @public
    def refuses():
        record(None, "probe_refuse")
        return "refused", 400

    probe_app.add_url_rule("/probe/raise", view_func=raises)
    probe_app.add_url_rule("/probe/refuse", view_func=refuses)
    yield probe_app
    with probe_app.app_context():
        db.engine.dispose()


def test_a_view_that_raises_leaves_nothing_written(app, probe):
    with pytest.raises(RuntimeError, match="a bug after the write"):
        probe.test_client().get("/probe/raise")  # TESTING: the client re-raises the error
    assert _audit_actions(app) == []


def test_a_view_that_returns_400_commits_what_it_flushed(app, probe):
    # The rule: a returned page commits, so services check before they write (see
    # surveyapp/transactions.py); this view breaks that on purpose.
    assert probe.test_client().get("/probe/refuse").status_code == 400
    assert _audit_actions(app) == ["probe_refuse"]


def test_increment_is_one_statement_with_an_optional_limit(app, log_in):
    log_in(app.test_client(), ["analyst"], "race@kommun.se")
    from surveyapp.counters import increment

    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "race@kommun.se"))
        assert increment(User.session_generation, {"id": user.id}) == 1
        assert user.session_generation == 1  # the loaded object sees the new count
        assert increment(User.session_generation, {"id": user.id}, below=1) is None
        assert increment(User.session_generation, {"id": -1}) is None
        assert db.session.scalar(select(func.sum(User.session_generation))) == 1


@pytest.mark.commits
def test_a_refusal_is_really_committed_for_other_connections(app, client, database_url,
                                                              monkeypatch):
    from sqlalchemy import create_engine

    make_dialogue(app)
    monkeypatch.setitem(app.config, "DIALOGUE_RATE_LIMIT", 6)
    assert post_pin(client, category="no-such-category", **IN_NORRMALM).status_code == 422
    other = create_engine(database_url)  # a connection of its own, outside the test's
    try:
        with other.connect() as connection:
            assert connection.scalar(select(RateCounter.count)) == 1
    finally:
        other.dispose()
