"""A session cookie copied before logout, a password change, deactivation or a role change is
refused at /staff/ afterwards (the per-user session generation in the database)."""

from __future__ import annotations

from sqlalchemy import select

from surveyapp.auth.models import User
from surveyapp.db import db
from tests.conftest import STAFF_PASSWORD, csrf_token


def _copy(app, client):
    """A second browser holding a copy of ``client``'s session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def _user_id(app, email: str) -> int:
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.email == email))


def test_a_cookie_copied_before_logout_is_refused(app, log_in):
    client = log_in(app.test_client(), ["analyst"])
    thief = _copy(app, client)
    assert thief.get("/staff/").status_code == 200  # the copy works while the session lives
    assert client.post("/logout", data={"csrf_token": csrf_token(client, "/staff/")}
                       ).status_code == 302
    assert thief.get("/staff/").status_code == 302
    assert client.get("/staff/").status_code == 302


def test_a_password_change_ends_other_sessions_but_not_this_one(app, log_in):
    client = log_in(app.test_client(), ["analyst"])
    thief = _copy(app, client)
    token = csrf_token(client, "/staff/password")
    new = "a brand new long password"
    response = client.post("/staff/password", data={"csrf_token": token, "current": STAFF_PASSWORD,
                                                    "new": new, "repeat": new})
    assert response.status_code == 200
    assert thief.get("/staff/").status_code == 302
    assert client.get("/staff/").status_code == 200


def _admin_changes(app, log_in, email: str, data: dict) -> None:
    admin = log_in(app.test_client(), ["admin"], "boss@kommun.se")
    token = csrf_token(admin, "/staff/users")
    response = admin.post(f"/staff/users/{_user_id(app, email)}",
                          data={"csrf_token": token, **data})
    assert response.status_code == 302
    assert admin.get("/staff/").status_code == 200  # the admin's own session goes on


def test_deactivation_ends_the_session(app, log_in):
    client = log_in(app.test_client(), ["analyst"], "leaving@kommun.se")
    thief = _copy(app, client)
    _admin_changes(app, log_in, "leaving@kommun.se", {"roles": ["analyst"]})  # no "active"
    assert thief.get("/staff/").status_code == 302
    assert client.get("/staff/").status_code == 302


def test_a_role_change_ends_the_session(app, log_in):
    client = log_in(app.test_client(), ["analyst", "moderator"], "changing@kommun.se")
    thief = _copy(app, client)
    _admin_changes(app, log_in, "changing@kommun.se", {"roles": ["analyst"], "active": "1"})
    assert thief.get("/staff/").status_code == 302
    assert client.get("/staff/").status_code == 302


def test_an_admin_changing_their_own_roles_stays_logged_in(app, log_in):
    admin = log_in(app.test_client(), ["admin"], "self@kommun.se")
    thief = _copy(app, admin)
    token = csrf_token(admin, "/staff/users")
    response = admin.post(f"/staff/users/{_user_id(app, 'self@kommun.se')}",
                          data={"csrf_token": token, "roles": ["admin", "analyst"], "active": "1"})
    assert response.status_code == 302
    assert admin.get("/staff/").status_code == 200
    assert thief.get("/staff/").status_code == 302
