"""Configuration: no usable default secret, database from the environment."""

import dataclasses
from pathlib import Path

import pytest

from surveyapp import create_app
from surveyapp.config import ConfigError, Settings


def test_refuses_to_start_without_secret_key(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/x.db")
    with pytest.raises(ConfigError, match="SECRET_KEY is not set"):
        create_app()


def test_reads_database_url_and_secret_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "from-env")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/y.db")
    app = create_app()
    assert app.config["SECRET_KEY"] == "from-env"
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("/y.db")
    assert app.config["SESSION_COOKIE_HTTPONLY"] and app.config["SESSION_COOKIE_SECURE"]


def test_every_setting_is_read_from_its_environment_variable(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "s")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/z.db")
    monkeypatch.setenv("RESULTS_MIN_N", "50")
    monkeypatch.setenv("RATELIMIT_ENABLED", "0")
    monkeypatch.setenv("RATELIMIT_LOGIN", "3/minute")
    monkeypatch.setenv("PROXY_FIX_X_FOR", "")  # empty: the default
    app = create_app()
    assert app.config["RESULTS_MIN_N"] == 50
    assert app.config["RATELIMIT_ENABLED"] is False
    assert app.config["RATELIMIT_LOGIN"] == "3/minute"
    assert app.config["PROXY_FIX_X_FOR"] == 0
    assert app.config["RETENTION_AUDIT_DAYS"] == 730


def test_callers_config_wins_over_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "s")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/w.db")
    monkeypatch.setenv("RATELIMIT_CODE", "1/minute")
    app = create_app({"RATELIMIT_CODE": "7/hour"})
    assert app.config["RATELIMIT_CODE"] == "7/hour"


def test_a_number_setting_that_is_no_number_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="RESULTS_MIN_N must be a whole number"):
        Settings.from_environment(str(tmp_path), {"RESULTS_MIN_N": "many"})


def test_readme_documents_every_setting():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    for spec in dataclasses.fields(Settings):
        assert f"`{spec.name.upper()}`" in table, spec.name
