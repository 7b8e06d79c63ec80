"""Failed logins under concurrency: parallel wrong passwords against a real threaded server.

Every request runs in its own thread with its own transaction and commit. The clock of the
login page is fixed, so all attempts fall in one 15-minute and one hour window.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from surveyapp.auth import lockout
from surveyapp.auth.models import AuditEvent, User
from surveyapp.db import db
from surveyapp.dialogue.models import RateCounter
from tests.conftest import make_test_app
from tests.security.live import Browser, in_parallel, serve

NOW = datetime(2031, 3, 4, 10, 1)
EMAIL = "coordinator@kommun.se"
PASSWORD = "the right long password"


@pytest.fixture(scope="module")
def proxied_app(database_url):
    """The app behind one trusted proxy: the client address comes from X-Forwarded-For."""
    app = make_test_app(database_url, PROXY_FIX_X_FOR=1)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def server(app, proxied_app, monkeypatch):
    """A threaded server of the proxied app with one coordinator account and a fixed clock."""
    monkeypatch.setattr("surveyapp.auth.routes.utcnow", lambda: NOW)
    with app.app_context():
        user = User(email=EMAIL, roles=["coordinator"])
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()
    with serve(proxied_app) as base:
        yield base


def _attempt(base: str, address: str, password: str):
    def post() -> int:
        browser = Browser(base, {"X-Forwarded-For": address})
        token = browser.csrf_token("/login")
        status, _html = browser.request(
            "/login", {"csrf_token": token, "email": EMAIL, "password": password})
        return status
    return post


def _counts(app, addresses: list[str]) -> tuple[dict[str, int], int]:
    """The stored failure count of each address at the account, and of the account."""
    with app.test_request_context():
        keys = {a: lockout._address_key(EMAIL, a, NOW)["key_hash"] for a in addresses}
        start = lockout.window_start(NOW, lockout.ACCOUNT_WINDOW)
        account_key = lockout._key("login-account", EMAIL, start.isoformat())
        rows = dict(db.session.execute(select(RateCounter.key_hash, RateCounter.count)).all())
    return {a: rows.get(key, 0) for a, key in keys.items()}, rows.get(account_key, 0)


def test_forty_parallel_wrong_passwords_then_the_right_one_does_not_log_in(app, server):
    statuses = in_parallel([_attempt(server, "192.0.2.9", f"wrong {i}") for i in range(40)])
    assert statuses == [401] * 40
    per_address, account = _counts(app, ["192.0.2.9"])
    assert per_address == {"192.0.2.9": lockout.ADDRESS_MAX_ATTEMPTS}  # capped, not 40
    assert account == lockout.ADDRESS_MAX_ATTEMPTS  # only the claimed attempts count
    assert _attempt(server, "192.0.2.9", PASSWORD)() == 401
    # The same account from another address is not locked out by this one.
    assert _attempt(server, "198.51.100.7", PASSWORD)() == 302


def test_the_right_password_inside_a_parallel_burst_does_not_log_in_past_the_limit(app, server):
    for i in range(lockout.ADDRESS_MAX_ATTEMPTS):
        assert _attempt(server, "192.0.2.10", f"wrong {i}")() == 401
    calls = [_attempt(server, "192.0.2.10", f"wrong {i}") for i in range(39)]
    calls.insert(17, _attempt(server, "192.0.2.10", PASSWORD))
    assert in_parallel(calls) == [401] * 40


def test_parallel_failures_from_many_addresses_lose_no_count_and_lock_once(app, server):
    addresses = [f"203.0.113.{i}" for i in range(1, 9)]
    calls = [_attempt(server, address, f"wrong {i}") for address in addresses for i in range(5)]
    assert in_parallel(calls) == [401] * 40
    per_address, account = _counts(app, addresses)
    assert per_address == dict.fromkeys(addresses, 5)
    assert account == 40  # no lost update among 40 simultaneous increments
    more = [_attempt(server, f"203.0.113.{i}", "wrong again") for i in (20, 21) for _ in range(5)]
    assert in_parallel(more) == [401] * 10
    assert _counts(app, [])[1] == lockout.ACCOUNT_MAX_FAILURES
    with app.app_context():
        locks = db.session.scalars(select(AuditEvent.object)
                                   .where(AuditEvent.action == "account_locked")).all()
        assert locks == [EMAIL]
    assert _attempt(server, "198.51.100.8", PASSWORD)() == 401  # now locked for everyone
