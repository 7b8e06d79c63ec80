"""Request limits are exact across workers, the walk-code limit holds under a burst, and an
unreachable Redis storage neither fails every public POST nor lifts the limits."""

from __future__ import annotations

import logging
from datetime import date

import pytest

from surveyapp.db import db
from surveyapp.geo.models import Area
from surveyapp.walks.joining import MAX_FAILURES
from surveyapp.walks.models import Walk
from tests.conftest import make_test_app
from tests.security.live import Browser, in_parallel, serve

WORKERS = 4


@pytest.fixture(scope="module")
def workers(database_url):
    """Four app instances on one database, as four gunicorn workers are: the login limit is
    10 a minute, the request limits are on with the default (database) storage."""
    apps = [make_test_app(database_url, RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="10/minute")
            for _ in range(WORKERS)]
    yield apps
    for app in apps:
        with app.app_context():
            db.engine.dispose()


def _login_post(base: str):
    def post() -> int:
        browser = Browser(base)
        token = browser.csrf_token("/login")
        return browser.request("/login", {"csrf_token": token, "email": "x@kommun.se",
                                          "password": "not the password"})[0]
    return post


def test_four_workers_give_the_limit_once_not_four_times(app, workers):
    assert workers[0].config["RATELIMIT_STORAGE_URI"] == "database"  # the default
    with serve(workers[0]) as one, serve(workers[1]) as two, serve(workers[2]) as three, \
            serve(workers[3]) as four:
        calls = [_login_post(base) for base in (one, two, three, four) for _ in range(10)]
        statuses = in_parallel(calls)
    assert statuses.count(401) == 10 and statuses.count(429) == 30, statuses


def _open_walk(app) -> None:
    with app.app_context():
        area = Area(code="W9", name="Åby", kind="district")
        db.session.add(area)
        db.session.flush()
        db.session.add(Walk(area_id=area.id, date=date(2026, 11, 20), meeting_point="Torget",
                            join_code="RIGHT7", status="open"))
        db.session.commit()


def _join(base: str, code: str):
    def post() -> int:
        browser = Browser(base)
        token = browser.csrf_token("/vandring")
        return browser.request("/vandring", {"csrf_token": token, "code": code})[0]
    return post


def test_the_walk_code_limit_is_exact_under_a_burst(app):
    _open_walk(app)
    with serve(app) as base:
        right = in_parallel([_join(base, "RIGHT7") for _ in range(12)])
        assert right == [303] * 12  # joining never uses the allowance up
        statuses = in_parallel([_join(base, f"WRONG{i:02d}") for i in range(40)])
        assert statuses.count(422) == MAX_FAILURES and statuses.count(429) == 30, statuses
        assert _join(base, "RIGHT7")() == 429  # the window is used up, even for the right code


def test_an_unreachable_redis_counts_in_the_database_and_says_so(app, database_url, caplog):
    down = make_test_app(database_url, RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="3/minute",
                         RATELIMIT_STORAGE_URI="redis://127.0.0.1:1")
    client = down.test_client()
    token = client.get("/login").get_data(as_text=True).split(
        'name="csrf_token" value="')[1].split('"')[0]
    data = {"csrf_token": token, "email": "x@kommun.se", "password": "not the password"}
    with caplog.at_level(logging.WARNING, logger="surveyapp.rate_limits"):
        statuses = [client.post("/login", data=data).status_code for _ in range(4)]
    assert statuses == [401, 401, 401, 429]  # no 500, and the limit still holds
    warnings = [r.getMessage() for r in caplog.records if r.name == "surveyapp.rate_limits"]
    assert len(warnings) == 1 and "redis://127.0.0.1:1" in warnings[0]
    assert "database" in warnings[0]
    with down.app_context():
        db.engine.dispose()
