"""Log in and out, change password, and the admins' audit log page."""

from __future__ import annotations

import time

from flask import current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from surveyapp.auth import bp
from surveyapp.auth.audit import actions, recent_events, record
from surveyapp.auth.lockout import ADDRESS_MAX_ATTEMPTS, LOCKOUT
from surveyapp.auth.models import MIN_PASSWORD_LENGTH, Role, User, utcnow
from surveyapp.auth.permissions import public, role_required, staff_member
from surveyapp.auth.services import attempt_login, change_password, end_sessions, user_by_id
from surveyapp.extensions import login_manager


@login_manager.user_loader
def _load_user(session_id: str) -> User | None:
    """The user of a session whose generation is still the account's (``User.get_id``): after
    logout, a password change, deactivation or a role change the old cookie finds nobody."""
    user_id, _, generation = session_id.partition(".")
    if not user_id.isdigit() or not generation.isdigit():
        return None
    user = user_by_id(int(user_id))
    if user is None or user.session_generation != int(generation):
        return None
    return user


def keep_this_session(user: User) -> None:
    """After :func:`end_sessions` for the user of this request: keep this session going (with
    the new generation) while every other session of the account ends."""
    session["_user_id"] = user.get_id()


login_manager.login_view = "auth.login"
login_manager.login_message = None


@bp.before_app_request
def _end_old_staff_sessions() -> None:
    """A staff login lasts one working day (``STAFF_SESSION_HOURS``), however active."""
    if not current_user.is_authenticated:
        return
    hours = current_app.config["STAFF_SESSION_HOURS"]
    started = session.get("login_at", 0)
    if time.time() - started > hours * 3600:
        logout_user()
        session.pop("login_at", None)


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    """Staff log in with e-mail and password (limits in :mod:`surveyapp.auth.lockout`).

    Every refusal gets the same message, whether the address is unknown, the password wrong
    or the account locked, so the page does not tell which addresses have accounts.
    """
    error = None
    email = ""
    if request.method == "POST":
        email = request.form.get("email", "").strip().lower()[:254]
        user = attempt_login(email, request.form.get("password", ""), request.remote_addr,
                             utcnow())
        if user is not None:
            language = session.get("lang")
            session.clear()  # a fresh session on login: nothing from before carries over
            if language:
                session["lang"] = language
            login_user(user)
            session["login_at"] = int(time.time())
            record(user, "login")
            return redirect(url_for("staff.index"))
        error = _(
            "Wrong e-mail address or password, or too many attempts. After %(count)s failed "
            "attempts, logging in is paused for up to %(minutes)s minutes.",
            count=ADDRESS_MAX_ATTEMPTS, minutes=int(LOCKOUT.total_seconds() // 60),
        )
    status = 401 if error else 200
    return render_template("auth/login.html", error=error, email=email), status


@bp.post("/logout")
@public
def logout():
    """End the staff session, and every other session of the account (harmless when nobody is
    logged in)."""
    if current_user.is_authenticated:
        record(current_user, "logout")
        end_sessions(current_user)
    logout_user()
    session.clear()
    return redirect(url_for("public.index"))


@bp.route("/staff/password", methods=["GET", "POST"])
@staff_member
def password():
    """Change one's own password (at least 12 characters)."""
    errors: dict[str, str] = {}
    if request.method == "POST":
        form = request.form
        problem = change_password(
            current_user, form.get("current", ""), form.get("new", ""), form.get("repeat", "")
        )
        if not problem:
            keep_this_session(current_user)
            record(current_user, "password_change")
            return render_template("auth/password.html", errors={}, done=True)
        messages = {
            "current": ("current", _("The current password is wrong.")),
            "short": (
                "new",
                _("Use at least %(count)s characters.", count=MIN_PASSWORD_LENGTH),
            ),
            "mismatch": ("repeat", _("The two new passwords are not the same.")),
        }
        field, message = messages[problem]
        errors[field] = message
        return render_template("auth/password.html", errors=errors, done=False), 422
    return render_template("auth/password.html", errors=errors, done=False)


@bp.get("/staff/audit")
@role_required(Role.ADMIN)
def audit():
    """The audit log: who did what and when, newest first (admins only)."""
    action = request.args.get("action") or None
    return render_template(
        "auth/audit.html", events=recent_events(action=action), actions=actions(), chosen=action
    )
