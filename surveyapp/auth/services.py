"""Log-in checks with lockout, password changes and account changes. They flush; the request
commits.

A refused login is counted even though the login page answers 401: the page is a normal return,
so the request commits it (see :mod:`surveyapp.transactions`). Every change that must end a
staff member's other sessions bumps ``user.session_generation`` (:func:`end_sessions`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from surveyapp.auth.lockout import (
    claim_attempt,
    count_account_failure,
    forget_attempts,
    unlock_for_login,
)
from surveyapp.auth.models import MIN_PASSWORD_LENGTH, User
from surveyapp.counters import increment
from surveyapp.db import db

_DUMMY_HASH = generate_password_hash("not a password anyone has")


def find_user(email: str) -> User | None:
    """The account with this e-mail address (case-insensitive)."""
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


def attempt_login(email: str, password: str, address: str | None, now: datetime) -> User | None:
    """The user when ``password`` is right and nothing locks the account; else None.

    Every attempt runs the same steps, so neither the answer nor its time tells an unknown
    address from a locked account or a wrong password: one password-hash check (against a
    dummy hash when there is no usable account), then one atomic claim of the attempt for this
    account and client address (:mod:`surveyapp.auth.lockout`). A claimed wrong password
    counts towards the account-wide limit; a right one logs in unless that limit locks the
    account.
    """
    email = email.strip().lower()
    found = find_user(email)
    user = found if found is not None and found.active else None
    matches = check_password_hash(user.password_hash if user else _DUMMY_HASH, password)
    if not claim_attempt(email, address, now):
        return None
    if user is not None and matches:
        if not unlock_for_login(user, now):
            return None
        forget_attempts(email, address, now)
        db.session.flush()
        return user
    count_account_failure(email, now)
    db.session.flush()
    return None


def end_sessions(user: User) -> None:
    """Bump the user's session generation (one atomic UPDATE): every session cookie issued
    before now is refused on its next request."""
    increment(User.session_generation, {"id": user.id})


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
    end_sessions(user)
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
    """Set a staff member's roles and whether the account may log in (activating also lifts
    an account-wide lockout). A change of either ends the member's sessions."""
    from surveyapp.auth.models import Role

    chosen = sorted(set(roles) & set(Role))
    changed = chosen != sorted(user.roles) or active != user.active
    user.roles = chosen
    user.active = active
    if active:
        user.locked_until = None
    db.session.flush()
    if changed:
        end_sessions(user)


def all_users() -> list[User]:
    """Every staff account, by e-mail address."""
    return list(db.session.scalars(select(User).order_by(User.email)))


def user_by_id(user_id: int) -> User | None:
    """The staff account ``user_id``."""
    return db.session.get(User, user_id)
