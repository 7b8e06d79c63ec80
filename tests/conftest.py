"""Shared fixtures: the app on SQLite and on PostgreSQL, a client, and factories for test data.

Every test that uses ``app`` runs once per database backend. PostgreSQL tests are skipped with a
message when no server answers at 127.0.0.1:5432 — except when ``CI=true``, where they must run.

Each test runs inside one database transaction that is rolled back afterwards: every session
(the test's and each request's) joins it through a savepoint, so ``commit()`` in the app or in a
test only releases a savepoint. ``db.session`` is one object for every app, so while a test
holds ``app``, a second app built in the test (other settings, same database) works on that
same connection. Tests that need commits other connections can see (another engine, threads, a
server process) are marked ``@pytest.mark.commits``; they really commit and every table is
emptied afterwards. The browser tests run their own server on their own database.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from flask_sqlalchemy.query import Query
from flask_sqlalchemy.session import Session, _app_ctx_id
from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import scoped_session, sessionmaker

from surveyapp import create_app
from surveyapp.db import db

PG_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


def _postgres_database() -> Iterator[str]:
    """Create a throw-away PostgreSQL database for this test session."""
    import psycopg

    name = f"surveyapp_test_{uuid.uuid4().hex[:8]}"
    try:
        admin = psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but PostgreSQL is not reachable at {PG_ADMIN_URL}: {error}")
        pytest.skip(f"PostgreSQL not reachable at {PG_ADMIN_URL} ({error}); set CI=true to require it")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    try:
        yield f"postgresql+psycopg://{base.split('://', 1)[1]}/{name}"
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def make_test_app(database_url: str, **extra) -> Flask:
    """An app configured for tests against ``database_url``, migrated to the newest schema."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SESSION_COOKIE_SECURE": False,
            "RATELIMIT_ENABLED": False,  # one client IP runs the whole suite; limits are tested apart
            # Each submit is written at once (in its own batch transaction), so tests can read
            # the response; tests/security/ set k back to 10 to test the batching itself.
            "ANONYMITY_BATCH_SIZE": 1,
            **extra,
        }
    )
    with app.app_context():
        upgrade()
    app.extensions["test_seed_rows"] = _seed_rows(app)
    return app


def _seed_rows(app: Flask) -> dict[str, list[dict]]:
    """The rows the migrations themselves wrote (e.g. the organisations made of the old actor
    codes), per table: what a fresh database holds."""
    with app.app_context():
        found = {table.name: [dict(row._mapping) for row in db.session.execute(select(table))]
                 for table in db.metadata.sorted_tables}
        db.session.rollback()
    return {name: rows for name, rows in found.items() if rows}


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request, tmp_path_factory) -> Iterator[str]:
    """A database URL per backend."""
    if request.param == "sqlite":
        yield "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.db")
    else:
        yield from _postgres_database()


@pytest.fixture(scope="session")
def app_for_backend(database_url: str) -> Iterator[Flask]:
    """One migrated app per backend for the whole session."""
    app = make_test_app(database_url)
    yield app
    with app.app_context():
        db.engine.dispose()


class _ConnectionSession(Session):
    """Flask-SQLAlchemy's session, but on the test's connection instead of the app's engine."""

    def get_bind(self, *args, **kwargs) -> Connection:
        return self.bind


@contextmanager
def _rolled_back(app: Flask) -> Iterator[None]:
    """Bind every ``db.session`` to one connection whose transaction is rolled back at the end."""
    with app.app_context():
        connection = db.engine.connect()
    outer = connection.begin()
    driver = connection.connection.driver_connection
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # pysqlite emits BEGIN only before a write, so a session's first SAVEPOINT would open
        # (and its RELEASE commit) the outermost transaction; begin it explicitly instead.
        driver.isolation_level = None
        connection.exec_driver_sql("BEGIN")
    factory = sessionmaker(class_=_ConnectionSession, db=db, bind=connection, query_cls=Query,
                           join_transaction_mode="create_savepoint")
    shared = db.session
    db.session = scoped_session(factory, scopefunc=_app_ctx_id)
    try:
        yield
    finally:
        db.session = shared
        outer.rollback()
        if sqlite:
            driver.isolation_level = ""
        connection.close()


def _empty_every_table(app: Flask) -> None:
    """Delete what a ``commits`` test wrote: every row, then the migrations' own rows again."""
    seed = app.extensions.get("test_seed_rows", {})
    with app.app_context():
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(delete(table))
        for table in db.metadata.sorted_tables:
            if seed.get(table.name):
                db.session.execute(insert(table), seed[table.name])
        db.session.commit()


@pytest.fixture
def app(app_for_backend: Flask, request: pytest.FixtureRequest) -> Iterator[Flask]:
    """The app; what the test wrote is rolled back (or, marked ``commits``, deleted) afterwards.

    No app context is held during the test: each request gets its own, as in production (a
    shared context would share ``g`` and the database session between requests). Tests that
    read the database open ``with app.app_context():`` themselves.
    """
    if request.node.get_closest_marker("commits"):
        yield app_for_backend
        _empty_every_table(app_for_backend)
        return
    with _rolled_back(app_for_backend):
        yield app_for_backend


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client; it keeps cookies like a browser."""
    return app.test_client()


@pytest.fixture
def make_campaign(app: Flask) -> Callable[..., object]:
    """Create a campaign with the demo areas and the bundled questionnaire; returns its slug."""
    from surveyapp.demo import DEMO_AREAS, ensure_questionnaire, square
    from surveyapp.geo.models import Area
    from surveyapp.surveys.models import Campaign

    def create(slug: str = "test", mode: str = "both", opens_in: int = -1, closes_in: int = 30):
        with app.app_context():
            return _create(slug, mode, opens_in, closes_in).slug

    def _create(slug, mode, opens_in, closes_in):
        areas = []
        for code, name, row, column in DEMO_AREAS:
            area = db.session.scalar(db.select(Area).where(Area.code == code))
            if area is None:
                area = Area(code=code, name=name, kind="district", geometry=square(row, column))
                db.session.add(area)
            areas.append(area)
        questionnaire = ensure_questionnaire()
        today = date.today()
        campaign = Campaign(
            slug=slug,
            name=f"Campaign {slug}",
            year=today.year,
            mode=mode,
            opens=today + timedelta(days=opens_in),
            closes=today + timedelta(days=closes_in),
            questionnaire=questionnaire,
            languages=list(questionnaire.languages),
            areas=areas,
        )
        db.session.add(campaign)
        db.session.commit()
        return campaign

    return create


@pytest.fixture
def make_codes(app: Flask) -> Callable[..., list[str]]:
    """Create invitation codes for a campaign, returning them in clear."""
    from surveyapp.surveys.models import Invitation
    from surveyapp.surveys.services import create_invitations

    def create(slug: str, count: int = 1, area_code="0682R001", sex="f", age_group="25-44"):
        from surveyapp.surveys.services import find_campaign

        with app.app_context():
            campaign = find_campaign(slug)
            first = db.session.scalar(sa.select(sa.func.count()).select_from(Invitation)
                                      .where(Invitation.campaign_id == campaign.id))
            rows = [{"serial": str(first + i + 1), "area_code": area_code, "sex": sex,
                     "age_group": age_group} for i in range(count)]
            codes = create_invitations(campaign, rows)
            db.session.commit()
        return codes

    return create


def csrf_token(client: FlaskClient, path: str) -> str:
    """Load ``path`` and return the CSRF token in its form."""
    import re

    html = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


REPO = Path(__file__).resolve().parent.parent


STAFF_PASSWORD = "a-long-test-password"


@pytest.fixture
def log_in(app: Flask) -> Callable[..., FlaskClient]:
    """``log_in(client, roles, email=...)``: log ``client`` in as a staff user with ``roles``.

    The user is created (or given those roles, when the address exists) with
    ``STAFF_PASSWORD``; the e-mail address defaults to one made from the roles, so one test
    can log several clients in with different roles. Returns the client, logged in.
    """
    from surveyapp.auth.models import User

    def log_in_as(client: FlaskClient, roles: list[str], email: str | None = None) -> FlaskClient:
        email = email or f"{'-'.join(roles) or 'no-role'}@kommun.se"
        with app.app_context():
            user = db.session.scalar(db.select(User).where(User.email == email))
            if user is None:
                user = User(email=email)
                db.session.add(user)
            user.roles = list(roles)
            user.set_password(STAFF_PASSWORD)
            db.session.commit()
        response = client.post("/login", data={"csrf_token": csrf_token(client, "/login"),
                                               "email": email, "password": STAFF_PASSWORD})
        assert response.status_code == 302, f"could not log in as {email} {roles}"
        return client

    return log_in_as
