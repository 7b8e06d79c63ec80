"""Fixtures of the security tests: the app with the production batch size k = 10."""

from __future__ import annotations

import pytest
from flask import Flask


@pytest.fixture
def anonymous_app(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Flask:
    """The test app with ``ANONYMITY_BATCH_SIZE`` back at its default of 10."""
    monkeypatch.setitem(app.config, "ANONYMITY_BATCH_SIZE", 10)
    return app
