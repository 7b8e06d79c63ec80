"""A refused or grown question page carried across its redirect (post/redirect/get).

The errors and what was typed in the refused fields ride in the signed session cookie for
exactly one GET of that page. Only the refused fields are kept (the valid answers are already in
the draft), and each is cut to a length no real form field reaches, so the cookie stays small.
"""

from __future__ import annotations

from typing import Any

from flask import session

KEY = "page_state"
MAX_TYPED = 2100  # longer than any text question's limit (2 000), so a too-long answer survives


def keep_page_state(slug: str, number: int, errors: dict[str, str] | None = None,
                    raw: dict[str, Any] | None = None, added: list[str] | None = None) -> None:
    """Remember ``errors``, the typed values of the refused fields and ``added`` questions."""
    errors = errors or {}
    typed = {name: _cut(value) for name, value in (raw or {}).items()
             if name.split("__")[0] in errors}
    session[KEY] = {"page": f"{slug}/{number}", "errors": errors, "raw": typed,
                    "added": list(added or [])}


def take_page_state(slug: str, number: int) -> tuple[dict[str, str], dict[str, Any], list[str]]:
    """The state kept for this page (errors, typed values, added questions), then forget it."""
    if KEY not in session:  # checked first: a pop marks the cookie changed even when empty
        return {}, {}, []
    state = session.pop(KEY)
    if not state or state.get("page") != f"{slug}/{number}":
        return {}, {}, []
    return dict(state["errors"]), dict(state["raw"]), list(state["added"])


def _cut(value: Any) -> Any:
    if isinstance(value, str):
        return value[:MAX_TYPED]
    if isinstance(value, list):
        return [_cut(item) for item in value[:50]]
    return value

