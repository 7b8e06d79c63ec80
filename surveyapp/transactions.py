"""The transaction rule: one commit per request, decided by how the view ends.

A view that **returns** commits, whatever the status: a form re-rendered with its errors (400,
422), a refused login (401) and a rate-limit page (429) are normal answers, so what they
counted (failed logins, rate-limit rows, walk join attempts) is kept. A view that **raises**
rolls back: an exception, ``abort()``, an unhandled error shown as the error page. This is
Indico's ``RH`` rule (``indico/web/rh.py``).

The consequence for services: they only ``flush()``, and they check everything **before** they
write, so a refusal returned as a page has nothing to commit. A service that can only find out
after writing that it must refuse does that work in ``db.session.begin_nested()`` and raises
from inside it, so its savepoint is rolled back (``surveys.services.submit``). Routes and
services never call ``commit()``; only command-line commands (no request) do.
"""

from __future__ import annotations

from typing import Any

from flask import Flask

from surveyapp.db import db


class TransactionalFlask(Flask):
    """Flask whose view functions commit when they return and roll back when they raise."""

    def dispatch_request(self) -> Any:
        """Run the view, then commit; on any exception (``abort()`` too) roll back."""
        try:
            result = super().dispatch_request()
            db.session.commit()
        except BaseException:
            db.session.rollback()
            raise
        return result
