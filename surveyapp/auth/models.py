"""Staff accounts and the audit log. Residents never have accounts."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import JSON, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from surveyapp.db import Model


class Role(StrEnum):
    """A staff role (stored as its value in ``user.roles``); admins have every role."""

    ADMIN = "admin"
    ANALYST = "analyst"
    MODERATOR = "moderator"
    WALK_LEADER = "walk_leader"
    ACTION_OWNER = "action_owner"
    COORDINATOR = "coordinator"
    DATA_ENTRY = "data_entry"  # enters paper questionnaires by their code; sees no results

MIN_PASSWORD_LENGTH = 12


def utcnow() -> datetime:
    """The current time in UTC without tzinfo (stored the same way on SQLite and PostgreSQL)."""
    return datetime.now(UTC).replace(tzinfo=None)


class User(UserMixin, Model):
    """A staff member with one or more roles."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(default=True)
    # Set when failed logins from all addresses together reach the account-wide limit
    # (``auth.lockout``); the per-address counts live in ``dialogue_rate``.
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    # Bumped by logout, password change, deactivation and role change: a session cookie that
    # holds an older generation is refused (``get_id`` puts the generation in the session).
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")

    def set_password(self, password: str) -> None:
        """Store a salted hash of ``password``."""
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        """Whether ``password`` matches the stored hash."""
        return check_password_hash(self.password_hash, password)

    def has_role(self, role: str) -> bool:
        """Admins have every role."""
        return role in self.roles or Role.ADMIN in self.roles

    def is_locked(self, now: datetime) -> bool:
        """Whether too many failed logins keep the account locked at ``now``."""
        return self.locked_until is not None and now < self.locked_until

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        """What Flask-Login keeps in the session: ``"<id>.<session generation>"``."""
        return f"{self.id}.{self.session_generation}"


class AuditEvent(Model):
    """One staff action worth tracing later: who exported, approved or printed what, and when."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    email: Mapped[str] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(64), index=True)
    object: Mapped[str] = mapped_column(String(300), default="")
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
