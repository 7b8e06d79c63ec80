"""Who may do what: role checks kept in one place, used by every feature's routes."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user

from surveyapp.auth.models import Role

View = TypeVar("View", bound=Callable[..., Any])


def has_any_role(user: Any, roles: tuple[str, ...]) -> bool:
    """Whether ``user`` is logged in and has one of ``roles`` (admins have all roles)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return any(user.has_role(role) for role in roles)


def role_required(*roles: str) -> Callable[[View], View]:
    """Route decorator: anonymous users go to the login page (302); without a role, 403."""
    unknown = set(roles) - set(Role)
    if unknown:
        raise ValueError(f"unknown role(s): {', '.join(sorted(unknown))}")

    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                from surveyapp.extensions import login_manager

                return login_manager.unauthorized()
            if not has_any_role(current_user, roles):
                abort(403)
            return view(*args, **kwargs)

        guarded.required_roles = roles  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]

    return decorate


def staff_member(view: View) -> View:
    """Route decorator for pages every staff member may use, whatever their role."""
    return role_required(*Role)(view)


def public(view: View) -> View:
    """Mark a route as open to anonymous visitors (residents). Every route is either
    ``@public``, ``@role_required(...)`` or ``@staff_member``; a test walks ``app.url_map``
    (tests/surveyapp/test_routes_walk.py) and fails for a route that is neither."""
    view.is_public = True  # type: ignore[attr-defined]
    return view
