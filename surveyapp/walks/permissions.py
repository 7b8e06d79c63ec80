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


def can_view_walk(user: Any, walk: Walk) -> bool:
    """See a walk, its protocol and exports: its own leader, an admin, or an action owner (who
    follows up observations of every walk). Its join code is for :func:`can_manage_walk` only."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.has_role(Role.ADMIN) or user.has_role(Role.ACTION_OWNER):
        return True
    return user.has_role(Role.WALK_LEADER) and walk.leader_id == user.id


def lists_every_walk(user: Any, show_all: bool) -> bool:
    """Whether the walk list shows every walk rather than the user's own: for an admin only
    when asked (the explicit "all" view), for an action owner always."""
    if user.has_role(Role.ADMIN):
        return show_all
    return bool(user.has_role(Role.ACTION_OWNER))
