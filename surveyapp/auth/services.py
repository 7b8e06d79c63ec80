"""Log-in checks with lockout, and password changes. They flush; the request commits.

A wrong password is counted even though the login page answers 401: the page is a normal
return, so the request commits it (see :mod:`surveyapp.transactions`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from surveyapp.auth.models import MIN_PASSWORD_LENGTH, User
from surveyapp.counters import increment
from surveyapp.db import db

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
_DUMMY_HASH = generate_password_hash("not a password anyone has")


@dataclass(frozen=True)
class LoginResult:
    """``user`` when the login succeeded, else ``reason``: 'wrong' or 'locked'."""

    user: User | None
    reason: str = ""


def find_user(email: str) -> User | None:
    """The account with this e-mail address (case-insensitive)."""
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


def attempt_login(email: str, password: str, now: datetime) -> LoginResult:
    """Check a password; count failures and lock the account for 15 minutes after 5 in a row.

    A locked account is refused even with the right password, so guessing cannot go on while
    locked. Unknown addresses and inactive accounts get the same answer as a wrong password.
    """
    user = find_user(email)
    if user is None or not user.active:
        # Same work as a real check, so the answer time does not tell which addresses exist.
        check_password_hash(_DUMMY_HASH, password)
        return LoginResult(None, "wrong")
    if user.is_locked(now):
        return LoginResult(None, "locked")
    if not user.check_password(password):
        # One atomic UPDATE: simultaneous wrong guesses each count.
        failures = increment(User.failed_logins, {"id": user.id}) or 0
        if failures >= MAX_FAILED_LOGINS:
            from surveyapp.auth.audit import record

            user.locked_until = now + LOCKOUT
            user.failed_logins = 0
            record(None, "account_locked", user.email)
            db.session.flush()
            return LoginResult(None, "locked")
        db.session.flush()
        return LoginResult(None, "wrong")
    user.failed_logins = 0
    user.locked_until = None
    db.session.flush()
    return LoginResult(user)


def password_problem(new: str, repeated: str) -> str:
    """Why a new password cannot be used: 'short', 'mismatch', or '' when it is fine."""
    if len(new) < MIN_PASSWORD_LENGTH:
        return "short"
    if new != repeated:
        return "mismatch"
    return ""


def change_password(user: User, current: str, new: str, repeated: str) -> str:
    """Set a new password; returns the problem ('current', 'short', 'mismatch') or ''."""
    if not user.check_password(current):
        return "current"
    problem = password_problem(new, repeated)
    if problem:
        return problem
    user.set_password(new)
    db.session.flush()
    return ""


def create_user(email: str, password: str, roles: list[str]) -> tuple[User | None, str]:
    """A new staff account; returns (user, '') or (None, 'email'|'exists'|'short'|'roles')."""
    from surveyapp.auth.models import Role

    email = email.strip().lower()
    if "@" not in email or len(email) > 254 or any(ch.isspace() for ch in email):
        return None, "email"
    if find_user(email) is not None:
        return None, "exists"
    if len(password) < MIN_PASSWORD_LENGTH:
        return None, "short"
    chosen = sorted(set(roles) & set(Role))
    if not chosen:
        return None, "roles"
    user = User(email=email, roles=chosen, active=True)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user, ""


def update_account(user: User, roles: list[str], active: bool) -> None:
    """Set a staff member's roles and whether the account may log in."""
    from surveyapp.auth.models import Role

    user.roles = sorted(set(roles) & set(Role))
    user.active = active
    if active:
        user.locked_until = None
        user.failed_logins = 0
    db.session.flush()


def all_users() -> list[User]:
    """Every staff account, by e-mail address."""
    return list(db.session.scalars(select(User).order_by(User.email)))


def user_by_id(user_id: int) -> User | None:
    """The staff account ``user_id``."""
    return db.session.get(User, user_id)
