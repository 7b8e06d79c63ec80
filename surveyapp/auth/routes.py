"""Log in and out."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required, login_user, logout_user
from sqlalchemy import select

from surveyapp.auth import bp
from surveyapp.auth.models import User
from surveyapp.auth.permissions import public
from surveyapp.db import db
from surveyapp.extensions import login_manager


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id))


login_manager.login_view = "auth.login"


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    """Staff log in with e-mail and password."""
    error = None
    email = ""
    if request.method == "POST":
        email = request.form.get("email", "").strip().lower()
        user = db.session.scalar(select(User).where(User.email == email))
        password = request.form.get("password", "")
        if user is not None and user.active and user.check_password(password):
            login_user(user)
            return redirect(url_for("staff.index"))
        error = _("Wrong e-mail address or password.")
    status = 401 if error else 200
    return render_template("auth/login.html", error=error, email=email), status


@bp.post("/logout")
@login_required
def logout():
    """End the staff session."""
    logout_user()
    return redirect(url_for("public.index"))
