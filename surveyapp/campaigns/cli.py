"""``flask campaign create|edit|close|archive|delete|list``: the staff pages' services from a
terminal. Each command is one transaction: it commits when it succeeds, and stores nothing
when a setting is refused (the errors are printed in the default language, exit code 1)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import click
from flask.cli import AppGroup
from sqlalchemy import select

from surveyapp.auth.models import User
from surveyapp.campaigns.services import (
    CampaignInvalid,
    archive_campaign,
    as_data,
    close_campaign,
    create_campaign,
    delete_campaign,
    edit_campaign,
)
from surveyapp.db import db
from surveyapp.surveys.models import CampaignMode
from surveyapp.surveys.services import find_campaign, list_campaigns

campaign_cli = AppGroup("campaign", help="Create, change, close, archive and list campaigns.")

TEXT_OPTIONS = {"name": "names", "intro": "intro", "thanks": "thanks", "privacy": "privacy"}


def _settings(function):
    """The options shared by ``create`` and ``edit``."""
    options = [
        click.option("--slug", help="Address name: small letters, digits, hyphens "
                                    "(trygghet-2026)."),
        click.option("--questionnaire", metavar="KEY:VERSION",
                     help="A stored questionnaire version, e.g. trygghet:2026.1."),
        click.option("--language", "languages", multiple=True, metavar="LANG",
                     help="A language offered (repeat, or comma-separated: sv,ar,ti)."),
        click.option("--mode", type=click.Choice([mode.value for mode in CampaignMode]),
                     help="Letters with codes, open link, or both."),
        click.option("--opens", metavar="YYYY-MM-DD", help="First day residents can answer."),
        click.option("--closes", metavar="YYYY-MM-DD", help="Last day residents can answer."),
        click.option("--area", "areas", multiple=True, metavar="CODE",
                     help="An area code covered (repeat, or comma-separated)."),
        click.option("--population-year", metavar="YEAR",
                     help="Population year used for weighting (empty: latest up to the "
                          "campaign's year)."),
        click.option("--name", "name", multiple=True, metavar="LANG=TEXT",
                     help="The name in a language (repeat per language; the questionnaire's "
                          "source language is required)."),
        click.option("--intro", multiple=True, metavar="LANG=TEXT",
                     help="Start-page introduction in a language (repeat)."),
        click.option("--thanks", multiple=True, metavar="LANG=TEXT",
                     help="Thank-you page text in a language (repeat)."),
        click.option("--privacy", multiple=True, metavar="LANG=TEXT",
                     help="Privacy notice (GDPR art. 13) in a language (repeat)."),
        click.option("--organiser", help="Who runs the survey (on letters and start page)."),
        click.option("--contact", help="Whom residents can ask (name, phone, e-mail)."),
        click.option("--by", "by", metavar="EMAIL",
                     help="The staff account the audit log names (default: none, 'cli')."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _per_language(values: tuple[str, ...], option: str) -> dict[str, str]:
    texts = {}
    for value in values:
        language, sep, text = value.partition("=")
        if not sep or not language.strip():
            raise click.BadParameter(f"write {option} as LANG=TEXT", param_hint=f"--{option}")
        texts[language.strip()] = text
    return texts


def _split(values: tuple[str, ...]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _changes(options: dict[str, Any], current: dict[str, Any] | None = None) -> dict[str, Any]:
    """Plain data from the given options only (texts merge with ``current`` per language)."""
    data: dict[str, Any] = {}
    for name in ("slug", "questionnaire", "mode", "opens", "closes", "population_year",
                 "organiser", "contact"):
        if options.get(name) is not None:
            data[name] = options[name]
    for name in ("languages", "areas"):
        if options.get(name):
            data[name] = _split(options[name])
    for option, field in TEXT_OPTIONS.items():
        if options.get(option):
            given = _per_language(options[option], option)
            data[field] = {**((current or {}).get(field) or {}), **given}
    return data


def _user(email: str | None) -> User | None:
    if email is None:
        return None
    user = db.session.scalar(select(User).where(User.email == email.lower()))
    if user is None:
        raise click.BadParameter(f"no staff account {email}", param_hint="--by")
    return user


def _fail(invalid: CampaignInvalid) -> None:
    db.session.rollback()
    for name, message in invalid.errors.items():
        click.echo(f"{name}: {message}", err=True)
    raise SystemExit(1)


def _found(slug: str):
    campaign = find_campaign(slug)
    if campaign is None:
        raise click.BadParameter(f"no campaign {slug}", param_hint="SLUG")
    return campaign


@campaign_cli.command("create")
@_settings
def create_command(by: str | None, **options: Any) -> None:
    """Create a campaign (every setting the staff form has)."""
    try:
        saved = create_campaign(_changes(options), _user(by))
    except CampaignInvalid as invalid:
        _fail(invalid)
    db.session.commit()
    for warning in saved.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"Created campaign {saved.campaign.slug}: /s/{saved.campaign.slug}")


@campaign_cli.command("edit")
@click.argument("current", metavar="SLUG")
@_settings
def edit_command(current: str, by: str | None, **options: Any) -> None:
    """Change the given settings of campaign SLUG (``--slug`` renames it); the others stay as
    they are."""
    campaign = _found(current)
    try:
        saved = edit_campaign(campaign, _changes(options, as_data(campaign)), _user(by))
    except CampaignInvalid as invalid:
        _fail(invalid)
    db.session.commit()
    for warning in saved.warnings:
        click.echo(f"warning: {warning}", err=True)
    changed = ", ".join(saved.changed) or "nothing"
    click.echo(f"Changed campaign {saved.campaign.slug}: {changed}")


@campaign_cli.command("close")
@click.argument("slug")
@click.option("--by", metavar="EMAIL", help="The staff account the audit log names.")
def close_command(slug: str, by: str | None) -> None:
    """Close campaign SLUG to residents from today."""
    closed = close_campaign(_found(slug), _user(by), date.today())
    db.session.commit()
    click.echo(f"Closed {slug}" if closed else f"{slug} was closed already")


@campaign_cli.command("archive")
@click.argument("slug")
@click.option("--by", metavar="EMAIL", help="The staff account the audit log names.")
def archive_command(slug: str, by: str | None) -> None:
    """Archive campaign SLUG: hidden from lists and closed to residents."""
    archived = archive_campaign(_found(slug), _user(by), date.today())
    db.session.commit()
    click.echo(f"Archived {slug}" if archived else f"{slug} was archived already")


@campaign_cli.command("delete")
@click.argument("slug")
@click.option("--by", metavar="EMAIL", help="The staff account the audit log names.")
def delete_command(slug: str, by: str | None) -> None:
    """Delete campaign SLUG; refused when it has answers (archive it instead)."""
    try:
        delete_campaign(_found(slug), _user(by))
    except CampaignInvalid as invalid:
        _fail(invalid)
    db.session.commit()
    click.echo(f"Deleted {slug}")


@campaign_cli.command("list")
@click.option("--archived", is_flag=True, help="List the archived campaigns instead.")
@click.option("--json", "as_json", is_flag=True, help="Print every setting as JSON.")
def list_command(archived: bool, as_json: bool) -> None:
    """List the campaigns (slug, status, dates, mode, name)."""
    campaigns = list_campaigns(archived)
    if as_json:
        click.echo(json.dumps([as_data(c) for c in campaigns], ensure_ascii=False, indent=2))
        return
    today = date.today()
    for campaign in campaigns:
        click.echo(f"{campaign.slug}\t{campaign.status(today)}\t{campaign.opens}–"
                   f"{campaign.closes}\t{campaign.mode}\t{campaign.name}")
