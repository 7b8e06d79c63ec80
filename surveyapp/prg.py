"""Post/redirect/get: every public POST that succeeds answers with a 303 to a page to GET.

After a 303 the browser's history holds the GET, so going back or reloading never asks to
"confirm form resubmission" and never sends the answers twice.
"""

from __future__ import annotations

from flask import redirect
from werkzeug.wrappers import Response


def see_other(location: str) -> Response:
    """A ``303 See Other`` to ``location`` (the browser follows it with a GET)."""
    return redirect(location, code=303)
