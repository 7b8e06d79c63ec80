"""``flask demo-responses``: two waves of synthetic responses and population tables."""

from __future__ import annotations

from datetime import date

import click
from flask import Flask

from surveyapp.db import db


def register_results_commands(app: Flask) -> None:
    """Attach the results commands to ``app.cli``."""

    @app.cli.command("demo-responses")
    @click.option("--per-area", default=60, show_default=True, help="Responses per area.")
    def demo_responses(per_area: int) -> None:
        """Add synthetic responses for two waves (run ``flask demo`` first).

        Adds to what is there and never deletes a response: real responses stay, and
        running the command again adds another batch.
        """
        from surveyapp.results.demo import load_demo_responses

        result = load_demo_responses(date.today(), per_area=per_area)
        db.session.commit()
        click.echo(f"Added {result['responses']} synthetic responses to "
                   f"{', '.join(result['campaigns'])}; no response was deleted.")
