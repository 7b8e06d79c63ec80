"""surveyapp: local safety work for Swedish municipalities (the Flask web application)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError

from surveyapp import config as settings
from surveyapp.extensions import babel, csrf, db, login_manager, migrate
from surveyapp.i18n import LANGUAGES, native_name, select_locale, text_direction
from surveyapp.transactions import TransactionalFlask


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the application; ``config`` overrides settings read from the environment.

    Requests follow the transaction rule of :mod:`surveyapp.transactions`: a view that returns
    commits (whatever the status), a view that raises rolls back.
    """
    app = TransactionalFlask(__name__, instance_relative_config=True)
    app.config.update(settings.DEFAULTS)
    app.config.update(settings.Settings.from_environment(app.instance_path).flask_config())
    if config:
        app.config.update(config)
    settings.check(app.config)
    _prepare_instance_folder(app)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(_migrations_path()))
    babel.init_app(app, locale_selector=select_locale)
    csrf.init_app(app)
    login_manager.init_app(app)
    _configure_sqlite(app)

    from surveyapp.compression import init_compression
    from surveyapp.request_limits import init_request_limits
    from surveyapp.static_assets import init_static_assets

    init_compression(app)  # first: its after_request hook runs last
    init_static_assets(app)

    init_request_limits(app)  # before the blueprints: their <int:…> routes use its converter
    _register_blueprints(app)
    from surveyapp.security import init_security

    init_security(app)  # after the blueprints: it limits every public POST route
    _register_templates(app)
    _register_errors(app)
    from surveyapp.cli import register_commands

    register_commands(app)
    return app


def _migrations_path() -> Path:
    return Path(__file__).resolve().parent / "migrations"


def _prepare_instance_folder(app: Flask) -> None:
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)


def _configure_sqlite(app: Flask) -> None:
    """WAL journal, foreign keys, a busy timeout and secure delete for every SQLite connection."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    from sqlalchemy import event

    with app.app_context():
        engine = db.engine

        @event.listens_for(engine, "connect")
        def _pragmas(connection, _record) -> None:
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=15000")
            # Deleted drafts and pending answers are zeroed in the file, not left in free pages.
            cursor.execute("PRAGMA secure_delete=ON")
            cursor.close()


def _register_blueprints(app: Flask) -> None:
    from surveyapp.actions import bp as actions_bp
    from surveyapp.api import bp as api_bp
    from surveyapp.auth import bp as auth_bp
    from surveyapp.authoring import bp as authoring_bp
    from surveyapp.dialogue import bp as dialogue_bp
    from surveyapp.geo import bp as geo_bp
    from surveyapp.geo.assets import bp as vendor_bp
    from surveyapp.public import bp as public_bp
    from surveyapp.results import bp as results_bp
    from surveyapp.staff import bp as staff_bp
    from surveyapp.surveys import bp as surveys_bp
    from surveyapp.walks import bp as walks_bp

    for blueprint in (public_bp, surveys_bp, auth_bp, staff_bp, geo_bp, dialogue_bp, actions_bp,
                      results_bp, api_bp, authoring_bp, vendor_bp, walks_bp):
        app.register_blueprint(blueprint)
    from surveyapp.invitations import bp as invitations_bp

    app.register_blueprint(invitations_bp)
    from surveyapp.paper import bp as paper_bp

    app.register_blueprint(paper_bp)
    from surveyapp.campaigns import bp as campaigns_bp

    app.register_blueprint(campaigns_bp)
    from surveyapp.survey_texts import bp as survey_texts_bp

    app.register_blueprint(survey_texts_bp)
    from surveyapp.imports import bp as imports_bp

    app.register_blueprint(imports_bp)
    _register_cycle_blueprints(app)


def _register_cycle_blueprints(app: Flask) -> None:
    """The lägesbild cycle: organisations, other sources, partner reports, problems, plans."""
    from surveyapp.indicators import bp as indicators_bp
    from surveyapp.organisations import bp as organisations_bp
    from surveyapp.partners import bp as partners_bp
    from surveyapp.plans import bp as plans_bp
    from surveyapp.problems import bp as problems_bp
    from surveyapp.promises import bp as promises_bp
    from surveyapp.reports import bp as reports_bp

    for blueprint in (organisations_bp, indicators_bp, partners_bp, problems_bp, plans_bp,
                      promises_bp, reports_bp):
        app.register_blueprint(blueprint)


def _register_templates(app: Flask) -> None:
    from surveyapp import numbers

    app.add_template_filter(numbers.decimal, "decimal")
    app.add_template_filter(numbers.percent, "percent")
    from surveyapp.auth.models import Role

    app.add_template_global(Role, "Role")  # templates check roles as Role.X, never a string

    @app.context_processor
    def _language_context() -> dict[str, Any]:
        from flask_babel import get_locale

        language = str(get_locale() or "sv")
        return {
            "html_lang": language,
            "html_dir": text_direction(language),
            "languages": [(code, native_name(code)) for code in LANGUAGES],
        }


def _register_errors(app: Flask) -> None:
    def page(status: int, title: str, message: str) -> tuple[str, int]:
        return render_template("error.html", title=title, message=message), status

    @app.errorhandler(CSRFError)
    def _csrf(_error: CSRFError) -> tuple[str, int]:
        return page(
            400,
            _("The form had expired"),
            _(
                "For your security the form could not be sent. "
                "Go back, reload the page and try again."
            ),
        )

    @app.errorhandler(404)
    def _not_found(_error: Exception) -> tuple[str, int]:
        return page(404, _("Page not found"), _("There is no page at this address."))

    @app.errorhandler(413)
    def _too_large(_error: Exception) -> tuple[str, int]:
        return page(413, _("Too much data"), _("What you sent was too large."))
