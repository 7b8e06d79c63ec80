"""Staff accounts. Residents never have accounts."""

from __future__ import annotations

from flask_login import UserMixin
from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from surveyapp.db import db

ROLES = ("admin", "analyst", "moderator", "walk_leader", "action_owner")


class User(UserMixin, db.Model):
    """A staff member with one or more roles."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(default=True)

    def set_password(self, password: str) -> None:
        """Store a salted hash of ``password``."""
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        """Whether ``password`` matches the stored hash."""
        return check_password_hash(self.password_hash, password)

    def has_role(self, role: str) -> bool:
        """Admins have every role."""
        return role in self.roles or "admin" in self.roles

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return self.active
