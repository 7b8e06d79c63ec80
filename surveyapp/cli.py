"""Flask CLI commands: ``flask demo`` and ``flask create-admin``."""

from __future__ import annotations

from datetime import date

import click
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import select

from surveyapp.auth.models import ROLES, User
from surveyapp.db import db


def register_commands(app: Flask) -> None:
    """Attach the project's commands to ``app.cli``."""
    from surveyapp.authoring.cli import questionnaire_cli

    app.cli.add_command(questionnaire_cli)
    from surveyapp.retention import privacy_cli

    app.cli.add_command(privacy_cli)
    from surveyapp.surveys.cli import survey_cli

    app.cli.add_command(survey_cli)
    __import__("surveyapp.results.cli").results.cli.register_results_commands(app)

    @app.cli.command("demo")
    @click.option("--codes", default=20, show_default=True, help="Invitation codes to print.")
    def demo_command(codes: int) -> None:
        """Apply migrations and load the demo municipality, campaign and staff login."""
        from surveyapp.demo import load_demo

        upgrade()
        result = load_demo(date.today(), codes=codes)
        db.session.commit()
        click.echo(f"Survey:      /s/{result['campaign']}")
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
            user = User(email=email.lower(), roles=["admin"])
            db.session.add(user)
        user.roles = sorted(set(user.roles) | {"admin"})
        user.set_password(password)
        db.session.commit()
        click.echo(f"Admin {email} ready (roles available: {', '.join(ROLES)}).")
