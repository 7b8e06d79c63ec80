"""Who may do what with walks, in one place."""

from __future__ import annotations

from typing import Any

from surveyapp.auth.models import Role
from surveyapp.walks.models import Walk

VIEW_ROLES = (Role.WALK_LEADER, Role.ACTION_OWNER)
"""Roles that may see walks, protocols and exports (admins pass every role check)."""


def can_manage_walk(user: Any, walk: Walk) -> bool:
    """Close or reopen a walk: its own leader, or an admin."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.has_role(Role.ADMIN):
        return True
    return user.has_role(Role.WALK_LEADER) and walk.leader_id == user.id
