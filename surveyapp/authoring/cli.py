"""``flask questionnaire validate|import|export``: the authoring services on the command line."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from questionnaires import QuestionnaireError
from questionnaires.xlsform import export_xlsform, export_yaml
from questionnaires.xlsform_settings import Overrides
from surveyapp.authoring.services import VersionConflict, find_version, read_upload, store
from surveyapp.db import db

questionnaire_cli = AppGroup("questionnaire", help="Validate, import and export questionnaires.")


def _read(path: str, overrides: Overrides | None = None):
    try:
        return read_upload(path, Path(path).read_bytes(), overrides)
    except OSError as error:
        raise click.ClickException(f"{path}: cannot read the file: {error.strerror}") from error


def _warn(path: str, warnings: list[str]) -> None:
    for warning in warnings:
        click.echo(f"{path}: warning: {warning}", err=True)


def _settings_options(command):
    """--key, --title, --language: what an XLSForm without a settings sheet lacks."""
    for name, what in (("--language", "language of texts without a ::language column"),
                       ("--title", "title when the form has no form_title"),
                       ("--key", "key when the form has no form_id")):
        command = click.option(name, default="", help=what)(command)
    return command


@questionnaire_cli.command("validate")
@click.argument("files", nargs=-1, required=True)
@_settings_options
def validate_command(files: tuple[str, ...], key: str, title: str, language: str) -> None:
    """Check YAML or XLSForm files; list every problem; exit 1 when there is one."""
    failed = False
    overrides = Overrides(key=key, title=title, language=language)
    for path in files:
        try:
            imported = _read(path, overrides)
        except QuestionnaireError as error:
            click.echo(str(error), err=True)
            failed = True
            continue
        _warn(path, imported.warnings)
        model = imported.questionnaire
        click.echo(f"{path}: ok ({model.key} {model.version}, {len(model.variables())} "
                   f"variables, languages {', '.join(model.languages)})")
    if failed:
        raise SystemExit(1)


@questionnaire_cli.command("import")
@click.argument("file")
@_settings_options
def import_command(file: str, key: str, title: str, language: str) -> None:
    """Store a YAML or XLSForm file as a questionnaire version."""
    try:
        imported = _read(file, Overrides(key=key, title=title, language=language))
        stored = store(imported)
    except QuestionnaireError as error:
        raise click.ClickException(str(error)) from error
    except VersionConflict as conflict:
        used = ", ".join(c.slug for c in conflict.campaigns) or "no campaign"
        raise click.ClickException(
            f"{conflict.stored.key} {conflict.stored.version} is stored with other content "
            f"(used by {used}); give the changed questionnaire a new version") from conflict
    db.session.commit()
    _warn(file, stored.warnings)
    what = "stored as a new version" if stored.created else "identical to the stored version"
    click.echo(f"{stored.version.key} {stored.version.version}: {what} (id {stored.version.id})")


@questionnaire_cli.command("export")
@click.argument("key")
@click.argument("version")
@click.option("-o", "--output", required=True, help="File to write: .xlsx or .yaml")
def export_command(key: str, version: str, output: str) -> None:
    """Write a stored version as an XLSForm (.xlsx) or YAML file, chosen by the extension."""
    stored = find_version(key, version)
    if stored is None:
        raise click.ClickException(f"no stored version {version} of {key}")
    if output.lower().endswith(".xlsx"):
        Path(output).write_bytes(export_xlsform(stored.definition))
    else:
        Path(output).write_text(export_yaml(stored.definition), encoding="utf-8")
    click.echo(f"{key} {version} written to {output}")
