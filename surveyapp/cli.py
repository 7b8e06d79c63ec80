"""Flask CLI commands: ``flask demo`` and ``flask create-admin``."""

from __future__ import annotations

import os
from datetime import date

import click
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import select

from surveyapp.auth.models import Role, User
from surveyapp.db import db


def register_commands(app: Flask) -> None:
    """Attach the project's commands to ``app.cli``."""
    from surveyapp.authoring.cli import questionnaire_cli

    app.cli.add_command(questionnaire_cli)
    from surveyapp.dialogue.cli import dialogue_cli

    app.cli.add_command(dialogue_cli)
    from surveyapp.campaigns.cli import campaign_cli

    app.cli.add_command(campaign_cli)
    from surveyapp.retention import privacy_cli

    app.cli.add_command(privacy_cli)
    from surveyapp.jobs import jobs_cli

    app.cli.add_command(jobs_cli)
    from surveyapp.surveys.cli import survey_cli

    app.cli.add_command(survey_cli)
    __import__("surveyapp.results.cli").results.cli.register_results_commands(app)

    @app.cli.command("demo")
    @click.option("--codes", default=20, show_default=True, help="Invitation codes to print.")
    @click.option("--base-url", envvar="DEMO_BASE_URL", default=None,
                  help="Address the app is served on [default: http://127.0.0.1:$PORT, "
                       "PORT defaulting to 5000].")
    def demo_command(codes: int, base_url: str | None) -> None:
        """Apply migrations and load the demo municipality, campaign and staff login."""
        from surveyapp.demo import demo_addresses, load_demo

        upgrade()
        result = load_demo(date.today(), codes=codes)
        db.session.commit()
        base = base_url or f"http://127.0.0.1:{os.environ.get('PORT') or 5000}"
        for label, address in demo_addresses(base.rstrip("/"), result):
            click.echo(f"{label + ':':<18}{address}")
        click.echo(f"Staff login: {result['email']}  password: {result['password']}")
        click.echo("Invitation codes: " + ", ".join(result["codes"]))

    @app.cli.command("create-admin")
    @click.argument("email")
    @click.password_option()
    def create_admin(email: str, password: str) -> None:
        """Create the first admin account (or reset its password)."""
        if len(password) < 12:
            raise click.BadParameter("use at least 12 characters", param_hint="password")
        user = db.session.scalar(select(User).where(User.email == email.lower()))
        if user is None:
            user = User(email=email.lower(), roles=[Role.ADMIN])
            db.session.add(user)
        user.roles = sorted(set(user.roles) | {Role.ADMIN})
        user.set_password(password)
        db.session.commit()
        click.echo(f"Admin {email} ready (roles available: {', '.join(Role)}).")
