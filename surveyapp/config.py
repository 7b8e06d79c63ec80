"""Configuration: the one place settings are read from the environment, with their defaults.

``Settings`` lists every setting a deployment may change; each field is read from the
environment variable of the same name in capitals (``results_min_n`` ← ``RESULTS_MIN_N``), an
unset or empty variable keeps the default. README's configuration table documents the same
fields. ``create_app`` puts them in ``app.config`` under that name (the database URL under
``SQLALCHEMY_DATABASE_URI``), then applies the caller's config over them; the code reads
``app.config``. Secrets never have a usable default.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any


class ConfigError(RuntimeError):
    """The app is started without a setting it cannot run safely without, or with a bad one."""


@dataclass(frozen=True)
class Settings:
    """Every setting read from the environment, with its default."""

    secret_key: str | None = None
    # Empty: an SQLite file in the instance folder (filled in by ``from_environment``).
    database_url: str = ""
    session_cookie_secure: bool = True
    public_base_url: str = ""
    map_tile_url: str = ""
    map_tile_attribution: str = ""
    # Above this many pins the public map loads a server-side grid for zoomed-out views and
    # points only for the visible extent (surveyapp.dialogue.pin_tiles).
    map_points_limit: int = 5000
    ratelimit_enabled: bool = True
    # "database": exact across workers and hosts; or a storage URI such as redis://host:6379.
    ratelimit_storage_uri: str = "database"
    # A resident posts ~20 pages; 120 a minute per address leaves room for a few dozen people
    # answering at once behind one shared address (a library, a mobile operator's NAT).
    ratelimit_public_post: str = "120/minute"
    ratelimit_login: str = "10/minute;50/hour"
    ratelimit_code: str = "10/minute;100/hour"
    ratelimit_open_start: str = "30/hour"
    proxy_fix_x_for: int = 0
    # Completed responses one browser may send to one open-link campaign (ballot stuffing).
    open_responses_per_browser: int = 3
    dialogue_rate_limit: int = 30
    staff_session_hours: int = 10
    results_min_n: int = 30
    retention_draft_days: int = 90
    retention_audit_days: int = 730
    retention_rate_days: int = 2
    retention_photo_days: int = 365
    retention_export_days: int = 2
    # k: the fewest responses one anonymity batch writes (README, "Privacy by design").
    anonymity_batch_size: int = 10
    # Empty: the copy a built wheel ships, else ``node_modules`` beside the checkout.
    node_modules: str = ""
    # Background jobs (the tables workbook): empty runs them in a thread of the app process;
    # redis://host:6379/0 puts them on an RQ queue that every app host shares, worked by
    # `flask jobs worker` (surveyapp.jobs).
    job_queue_url: str = ""
    job_queue_name: str = "surveyapp"
    # gzip text responses in the app (surveyapp.compression); off when the proxy compresses.
    compress_responses: bool = True

    @classmethod
    def from_environment(
        cls, instance_path: str, environ: Mapping[str, str] | None = None
    ) -> Settings:
        """The settings in ``environ`` (default ``os.environ``), defaults for the rest."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for spec in dataclasses.fields(cls):
            raw = (environ.get(spec.name.upper()) or "").strip()
            if raw:
                values[spec.name] = _parse(spec.name.upper(), raw, spec.default)
        settings = cls(**values)
        if not settings.database_url:
            default_db = "sqlite:///" + str(Path(instance_path) / "surveyapp.db")
            settings = dataclasses.replace(settings, database_url=default_db)
        return settings

    def flask_config(self) -> dict[str, Any]:
        """These settings as ``app.config`` keys."""
        config = {spec.name.upper(): getattr(self, spec.name) for spec in dataclasses.fields(self)}
        config["SQLALCHEMY_DATABASE_URI"] = config.pop("DATABASE_URL")
        return config


def _parse(name: str, raw: str, default: Any) -> Any:
    """``raw`` as the type of the field's default (a string for ``SECRET_KEY``)."""
    if isinstance(default, bool):
        return raw.lower() in ("1", "true", "yes", "on")
    if isinstance(default, int):
        try:
            return int(raw)
        except ValueError:
            raise ConfigError(f"{name} must be a whole number, not {raw!r}.") from None
    return raw


def _installed_or_checkout(folder: str) -> Path:
    """``surveyapp/<folder>`` as a built wheel ships it, else ``<folder>`` of the checkout."""
    package = Path(__file__).resolve().parent
    return package / folder if (package / folder).is_dir() else package.parent / folder


def _json_utf8(value: Any) -> str:
    """JSON for the database's JSON columns, non-ASCII kept as it is (not ``\\u`` escaped)."""
    return json.dumps(value, ensure_ascii=False)


# Fixed for every deployment; a caller of ``create_app`` may still override them.
DEFAULTS: dict[str, Any] = {
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "PERMANENT_SESSION_LIFETIME": timedelta(days=14),
    "WTF_CSRF_TIME_LIMIT": None,
    "MAX_CONTENT_LENGTH": 1024 * 1024,
    # Flask's cap on fields in one form; the longest questionnaire page has far fewer.
    "MAX_FORM_PARTS": 500,
    # JSON columns stored as UTF-8 text (ä, not \u00e4), so text searches see what was typed.
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "json_serializer": _json_utf8},
    "BABEL_DEFAULT_LOCALE": "sv",
    "BABEL_TRANSLATION_DIRECTORIES": str(_installed_or_checkout("translations")),
    # {"img-src": ["https://example.org"]}: sources added to the Content-Security-Policy.
    "CSP_EXTRA_SOURCES": {},
}


def check(config: Mapping[str, Any]) -> None:
    """Refuse to start without a secret key outside tests."""
    if not config.get("TESTING") and not config.get("SECRET_KEY"):
        raise ConfigError(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random "
            "value, e.g. python -c 'import secrets; print(secrets.token_hex(32))'."
        )
