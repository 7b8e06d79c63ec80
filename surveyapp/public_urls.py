"""Links a resident keeps (the "continue later" link), never built from the Host header.

A request's ``Host`` header is chosen by whoever sends it, and ``url_for(..., _external=True)``
copies it into the link. So a resident's link is ``PUBLIC_BASE_URL`` + path when that is set,
and otherwise a relative link, which the browser completes with the address the resident
really opened.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, url_for


def resident_link(endpoint: str, **values: Any) -> str:
    """``PUBLIC_BASE_URL`` + the path of ``endpoint``, or the path alone when it is unset."""
    path = url_for(endpoint, **values)
    base = str(current_app.config.get("PUBLIC_BASE_URL") or "").rstrip("/")
    return base + path if base else path
