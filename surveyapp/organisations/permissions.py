"""Whose actions a staff member sees and edits: their organisation's, or explicitly all.

An admin's scope is *all* by role, never because an account lacks an organisation: an action
owner who belongs to no organisation sees no actions at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from surveyapp.auth.models import Role
from surveyapp.organisations.services import organisation_id_of


@dataclass(frozen=True)
class Scope:
    """The organisations whose actions a user may see and edit."""

    everything: bool
    organisation_id: int | None

    def covers(self, organisation_id: int | None) -> bool:
        """Whether an action of ``organisation_id`` is inside the scope."""
        return self.everything or (
            self.organisation_id is not None and organisation_id == self.organisation_id)


def action_scope(user: Any) -> Scope:
    """Admins: all organisations; everyone else: their own organisation (or none)."""
    if user.has_role(Role.ADMIN):
        return Scope(everything=True, organisation_id=organisation_id_of(user.id))
    return Scope(everything=False, organisation_id=organisation_id_of(user.id))


def can_edit_action(user: Any, organisation_id: int | None) -> bool:
    """Whether ``user`` may change an action of ``organisation_id``."""
    return user.has_role(Role.ACTION_OWNER) and action_scope(user).covers(organisation_id)
