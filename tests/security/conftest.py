"""Fixtures of the security tests: the app with the production batch size k = 10.

Every security test really commits (``commits`` marker): transaction ids, row order, the
SQLite file and concurrent batch steps must be as in production, not inside one test
transaction.
"""

from __future__ import annotations

import pytest
from flask import Flask


@pytest.fixture
def anonymous_app(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Flask:
    """The test app with ``ANONYMITY_BATCH_SIZE`` back at its default of 10."""
    monkeypatch.setitem(app.config, "ANONYMITY_BATCH_SIZE", 10)
    return app


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder ``commits``."""
    for item in items:
        if "/tests/security/" in str(item.path):
            item.add_marker(pytest.mark.commits)
