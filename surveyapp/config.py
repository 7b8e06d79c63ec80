"""Configuration from the environment. Secrets never have a usable default."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any


class ConfigError(RuntimeError):
    """The app is started without a setting it cannot run safely without."""


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in ("1", "true", "yes", "on")


def from_environment(instance_path: str) -> dict[str, Any]:
    """Settings read from environment variables (documented in README.md)."""
    default_db = "sqlite:///" + str(Path(instance_path) / "surveyapp.db")
    return {
        "SECRET_KEY": os.environ.get("SECRET_KEY"),
        "SQLALCHEMY_DATABASE_URI": os.environ.get("DATABASE_URL", default_db),
        "SESSION_COOKIE_SECURE": _flag("SESSION_COOKIE_SECURE", True),
        "PUBLIC_BASE_URL": os.environ.get("PUBLIC_BASE_URL", ""),
        "MAP_TILE_URL": os.environ.get("MAP_TILE_URL", ""),
        "MAP_TILE_ATTRIBUTION": os.environ.get("MAP_TILE_ATTRIBUTION", ""),
        # k: the fewest responses one anonymity batch writes (README, "Privacy by design").
        "ANONYMITY_BATCH_SIZE": int(os.environ.get("ANONYMITY_BATCH_SIZE", "10")),
    }


DEFAULTS: dict[str, Any] = {
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "PERMANENT_SESSION_LIFETIME": timedelta(days=14),
    "WTF_CSRF_TIME_LIMIT": None,
    "MAX_CONTENT_LENGTH": 1024 * 1024,
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "BABEL_DEFAULT_LOCALE": "sv",
    "BABEL_TRANSLATION_DIRECTORIES": str(Path(__file__).resolve().parent.parent / "translations"),
}


def check(config: dict[str, Any]) -> None:
    """Refuse to start without a secret key outside tests."""
    if not config.get("TESTING") and not config.get("SECRET_KEY"):
        raise ConfigError(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random "
            "value, e.g. python -c 'import secrets; print(secrets.token_hex(32))'."
        )
