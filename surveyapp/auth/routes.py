"""Log in and out, change password, and the admins' audit log page."""

from __future__ import annotations

import time

from flask import current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from surveyapp.auth import bp
from surveyapp.auth.audit import actions, recent_events, record
from surveyapp.auth.models import MIN_PASSWORD_LENGTH, Role, User, utcnow
from surveyapp.auth.permissions import public, role_required, staff_member
from surveyapp.auth.services import LOCKOUT, attempt_login, change_password, user_by_id
from surveyapp.extensions import login_manager


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    return user_by_id(int(user_id))


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
    """Staff log in with e-mail and password; 5 failures lock the account for 15 minutes."""
    error = None
    email = ""
    if request.method == "POST":
        email = request.form.get("email", "").strip().lower()[:254]
        result = attempt_login(email, request.form.get("password", ""), utcnow())
        if result.user is not None:
            language = session.get("lang")
            session.clear()  # a fresh session on login: nothing from before carries over
            if language:
                session["lang"] = language
            login_user(result.user)
            session["login_at"] = int(time.time())
            record(result.user, "login")
            return redirect(url_for("staff.index"))
        if result.reason == "locked":
            error = _(
                "Too many failed attempts. Try again in %(minutes)s minutes.",
                minutes=int(LOCKOUT.total_seconds() // 60),
            )
        else:
            error = _("Wrong e-mail address or password.")
    status = 401 if error else 200
    return render_template("auth/login.html", error=error, email=email), status


@bp.post("/logout")
@public
def logout():
    """End the staff session (harmless when nobody is logged in)."""
    if current_user.is_authenticated:
        record(current_user, "logout")
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
