"""Staff accounts: login lockout, password change, logout, audit log, session cookies."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from surveyapp.auth.audit import record
from surveyapp.auth.models import AuditEvent, User, utcnow
from surveyapp.db import db
from tests.conftest import csrf_token

PASSWORD = "correct horse battery"


def _user(app, email="staff@example.se", roles=("analyst",)):
    with app.app_context():
        user = User(email=email, roles=list(roles))
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()


def _login(client, email="staff@example.se", password=PASSWORD):
    token = csrf_token(client, "/login")
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token})


def _events(app, action):
    with app.app_context():
        return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


def test_login_sets_a_hardened_session_cookie_and_is_audited(app, client):
    _user(app)
    response = _login(client, "  STAFF@example.se ")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/staff/")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert [event.email for event in _events(app, "login")] == ["staff@example.se"]
    assert client.get("/staff/").status_code == 200


def test_secure_cookie_flag_in_production(app):
    from surveyapp import create_app

    production = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert production.config["SESSION_COOKIE_SECURE"] is True


REFUSED = "Fel e-postadress eller lösenord, eller för många försök"


@pytest.fixture
def fixed_clock(monkeypatch):
    """The login clock held still: the lockout windows are clock-aligned (15 minutes, an hour),
    so a test running across a boundary would otherwise see its count start afresh."""
    now = utcnow()
    monkeypatch.setattr("surveyapp.auth.routes.utcnow", lambda: now)
    return now


def _from(app, address):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_five_failures_pause_that_address_even_for_the_right_password(app, client, fixed_clock):
    _user(app)
    for _ in range(5):
        response = _login(client, password="wrong password!!")
        assert response.status_code == 401
        assert REFUSED in response.get_data(as_text=True)
        assert "15 minuter" in response.get_data(as_text=True)
    locked = _login(client)
    assert locked.status_code == 401 and REFUSED in locked.get_data(as_text=True)
    # Another address is not locked out by the first one's failures.
    assert _login(_from(app, "10.9.8.7")).status_code == 302
    assert _events(app, "account_locked") == []
    with app.app_context():
        assert db.session.scalar(select(User)).locked_until is None


def test_a_success_resets_the_failure_count_of_that_address(app, client, fixed_clock):
    _user(app)
    for _ in range(4):
        _login(client, password="wrong password!!")
    assert _login(client).status_code == 302
    other = app.test_client()  # same address, new session
    for _ in range(4):
        assert _login(other, password="wrong password!!").status_code == 401
    assert _login(other).status_code == 302


def test_many_addresses_together_lock_the_account_for_everyone(app, client, fixed_clock):
    from surveyapp.auth.lockout import ACCOUNT_MAX_FAILURES, ADDRESS_MAX_ATTEMPTS

    _user(app)
    _user(app, "admin@example.se", ["admin"])
    for index in range(ACCOUNT_MAX_FAILURES // ADDRESS_MAX_ATTEMPTS):
        attacker = _from(app, f"192.0.2.{index + 1}")
        for _ in range(ADDRESS_MAX_ATTEMPTS):
            assert _login(attacker, password="wrong password!!").status_code == 401
    assert [event.object for event in _events(app, "account_locked")] == ["staff@example.se"]
    fresh = _from(app, "198.51.100.1")
    assert _login(fresh).status_code == 401  # locked for every address, right password or not
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "staff@example.se"))
        assert user.locked_until == fixed_clock + timedelta(minutes=15)
        user_id = user.id
    _login(client, "admin@example.se")
    token = csrf_token(client, "/staff/users")
    unlock = client.post(f"/staff/users/{user_id}",
                         data={"csrf_token": token, "roles": ["analyst"], "active": "1"})
    assert unlock.status_code == 302
    assert _login(_from(app, "198.51.100.2")).status_code == 302


def test_unknown_and_inactive_accounts_get_the_same_answer(app, client):
    _user(app, "off@example.se")
    with app.app_context():
        db.session.scalar(select(User)).active = False
        db.session.commit()
    for email in ("nobody@example.se", "off@example.se"):
        response = _login(client, email)
        assert response.status_code == 401
        assert REFUSED in response.get_data(as_text=True)


def test_logout_ends_the_session(app, client):
    _user(app)
    _login(client)
    token = csrf_token(client, "/staff/")
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/staff/").status_code == 302
    assert len(_events(app, "logout")) == 1


def test_change_password(app, client):
    _user(app)
    _login(client)
    token = csrf_token(client, "/staff/password")

    def change(current, new, repeat):
        data = {"current": current, "new": new, "repeat": repeat, "csrf_token": token}
        return client.post("/staff/password", data=data)

    assert change("wrong", "a new long password", "a new long password").status_code == 422
    short = change(PASSWORD, "short", "short")
    assert short.status_code == 422 and "minst 12 tecken" in short.get_data(as_text=True)
    assert change(PASSWORD, "a new long password", "another long one").status_code == 422
    assert change(PASSWORD, "a new long password", "a new long password").status_code == 200
    assert len(_events(app, "password_change")) == 1
    fresh = app.test_client()
    assert _login(fresh).status_code == 401
    assert _login(fresh, password="a new long password").status_code == 302


def test_audit_log_is_for_admins(app, client):
    _user(app, "admin@example.se", ["admin"])
    _user(app, "analyst@example.se", ["analyst"])
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "analyst@example.se"))
        record(user, "export", "campaign <b>x</b>")
        db.session.commit()
    _login(client, "analyst@example.se")
    assert client.get("/staff/audit").status_code == 403
    admin = app.test_client()
    _login(admin, "admin@example.se")
    html = admin.get("/staff/audit").get_data(as_text=True)
    assert "analyst@example.se" in html and "campaign &lt;b&gt;x&lt;/b&gt;" in html
    only_logins = admin.get("/staff/audit?action=login").get_data(as_text=True)
    assert "campaign &lt;b&gt;x" not in only_logins and "admin@example.se" in only_logins


def test_create_admin_command(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["create-admin", "Boss@Kommun.se", "--password", "too short"])
    assert result.exit_code != 0
    result = runner.invoke(args=["create-admin", "Boss@Kommun.se", "--password", "long enough pw!"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(select(User)).roles == ["admin"]


def test_admins_add_accounts_and_change_roles(app, client):
    _user(app, "admin@example.se", ["admin"])
    _login(client, "admin@example.se")
    token = csrf_token(client, "/staff/users")

    def add(email, password, roles):
        data = {"csrf_token": token, "email": email, "password": password, "roles": roles}
        return client.post("/staff/users", data=data)

    assert add("new@example.se", "short", ["analyst"]).status_code == 422
    assert add("not an address", "long enough password", ["analyst"]).status_code == 422
    assert add("new@example.se", "long enough password", ["wizard"]).status_code == 422
    assert add("ADMIN@example.se", "long enough password", ["analyst"]).status_code == 422
    assert add("New@Example.se", "long enough password", ["analyst", "wizard"]).status_code == 302
    with app.app_context():
        new = db.session.scalar(select(User).where(User.email == "new@example.se"))
        assert new.roles == ["analyst"]
        new_id = new.id
        admin_id = db.session.scalar(select(User.id).where(User.email == "admin@example.se"))
    newcomer = app.test_client()
    assert _login(newcomer, "new@example.se", "long enough password").status_code == 302
    assert newcomer.get("/staff/users").status_code == 403
    response = client.post(f"/staff/users/{new_id}",
                           data={"csrf_token": token, "roles": ["moderator"]})
    assert response.status_code == 302
    assert newcomer.get("/staff/").status_code == 302  # deactivated: the session ends
    with app.app_context():
        changed = db.session.get(User, new_id)
        assert changed.roles == ["moderator"] and changed.active is False
    own = client.post(f"/staff/users/{admin_id}",
                      data={"csrf_token": token, "roles": ["analyst"], "active": "1"})
    assert own.status_code == 422
    assert {e.action for e in _events(app, "user_created") + _events(app, "user_changed")} == {
        "user_created", "user_changed"}


def test_a_staff_login_lasts_one_working_day(app, client):
    _user(app)
    _login(client)
    assert client.get("/staff/").status_code == 200
    with client.session_transaction() as session:
        session["login_at"] -= 11 * 3600
    assert client.get("/staff/").status_code == 302
    assert client.get("/staff/password").status_code == 302
