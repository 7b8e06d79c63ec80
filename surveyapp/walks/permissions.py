"""Who may do what with walks, in one place."""

from __future__ import annotations

from typing import Any

from surveyapp.walks.models import Walk

VIEW_ROLES = ("walk_leader", "action_owner")
"""Roles that may see walks, protocols and exports (admins pass every role check)."""


def can_manage_walk(user: Any, walk: Walk) -> bool:
    """Close or reopen a walk: its own leader, or an admin."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.has_role("admin"):
        return True
    return user.has_role("walk_leader") and walk.leader_id == user.id
