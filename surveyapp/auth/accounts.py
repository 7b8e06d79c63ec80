"""Admins manage staff accounts: add an account, change roles, deactivate, unlock."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from surveyapp.auth import bp
from surveyapp.auth.audit import record
from surveyapp.auth.models import MIN_PASSWORD_LENGTH, Role
from surveyapp.auth.permissions import role_required
from surveyapp.auth.routes import keep_this_session
from surveyapp.auth.services import all_users, create_user, update_account, user_by_id


def _page(error: str = "", status: int = 200, email: str = ""):
    users = all_users()
    html = render_template("auth/users.html", users=users, roles=list(Role), error=error,
                           email=email)
    return html, status


@bp.get("/staff/users")
@role_required(Role.ADMIN)
def users():
    """Every staff account with its roles."""
    return _page()


@bp.post("/staff/users")
@role_required(Role.ADMIN)
def add_user():
    """Create an account with a first password the new staff member changes."""
    form = request.form
    user, problem = create_user(form.get("email", ""), form.get("password", ""),
                                form.getlist("roles"))
    if user is None:
        messages = {
            "email": _("Write a valid e-mail address."),
            "exists": _("There is already an account with that e-mail address."),
            "short": _("Use at least %(count)s characters.", count=MIN_PASSWORD_LENGTH),
            "roles": _("Choose at least one role."),
        }
        return _page(messages[problem], 422, form.get("email", "")[:254])
    record(current_user, "user_created", f"{user.email}: {', '.join(user.roles)}")
    return redirect(url_for("auth.users"))


@bp.post("/staff/users/<int:user_id>")
@role_required(Role.ADMIN)
def edit_user(user_id: int):
    """Change roles and whether the account is active (which also lifts a lockout)."""
    user = user_by_id(user_id)
    if user is None:
        abort(404)
    active = request.form.get("active") == "1"
    roles = request.form.getlist("roles")
    if user.id == current_user.id and (Role.ADMIN not in roles or not active):
        return _page(_("You cannot remove your own admin role or deactivate yourself."), 422)
    update_account(user, roles, active)
    if user.id == current_user.id:
        keep_this_session(user)  # an admin changing their own roles stays logged in here
    state = "active" if active else "inactive"
    record(current_user, "user_changed", f"{user.email}: {', '.join(user.roles)}; {state}")
    return redirect(url_for("auth.users"))
