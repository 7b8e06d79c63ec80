"""``flask dialogue create|edit|close|archive|delete|list``: the dialogue admin services on the
command line. Changes are audited without a staff member unless ``--by EMAIL`` names one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import wraps
from pathlib import Path
from typing import Any

import click
from flask.cli import AppGroup
from flask_babel import force_locale
from sqlalchemy import select

from surveyapp.auth.models import User
from surveyapp.db import db
from surveyapp.dialogue.admin_services import (
    DialogueInvalid,
    archive_dialogue,
    close_dialogue,
    create_dialogue,
    delete_dialogue,
    list_dialogues,
    update_dialogue,
)
from surveyapp.dialogue.models import MODERATION_RULES, Dialogue
from surveyapp.dialogue.services import find_dialogue

dialogue_cli = AppGroup("dialogue", help="Create and manage dialogue maps (/karta/<slug>).")


def _english(command: Callable[..., Any]) -> Callable[..., Any]:
    """Run ``command`` with English messages (there is no request to take a language from)."""
    @wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        with force_locale("en"):
            return command(*args, **kwargs)

    return run


def _settings(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options shared by ``create`` and ``edit`` (``edit`` changes only those given)."""
    options = [
        click.option("--slug", help="Address: /karta/<slug> (2–64 of a-z, 0-9, -)."),
        click.option("--title", "titles", multiple=True, metavar="LANG=TEXT",
                     help="Title in one language, e.g. --title 'sv=Trygghetskartan'; repeat "
                          "per language (sv required)."),
        click.option("--intro", "intros", multiple=True, metavar="LANG=TEXT",
                     help="Introduction in one language; repeat per language."),
        click.option("--area", "areas", multiple=True, metavar="CODE",
                     help="Area code on the map; repeat per area (replaces the list)."),
        click.option("--categories", "categories_file", metavar="FILE|standard",
                     help="'standard' for the bundled categories, or a file with one category "
                          "a line: 'code; sv: Text; en: Text'."),
        click.option("--comments/--no-comments", default=None,
                     help="Whether residents may write a comment (default on)."),
        click.option("--me-too/--no-me-too", default=None,
                     help="Whether 'Me too' is shown on public places (default on)."),
        click.option("--photos/--no-photos", default=None,
                     help="Whether residents may add a photo to a place (default off)."),
        click.option("--moderation", type=click.Choice(MODERATION_RULES),
                     help="text_waits: places without text public at once (default); "
                          "all_wait: every place waits for a moderator."),
        click.option("--opens", metavar="YYYY-MM-DD", help="First day residents may add places."),
        click.option("--closes", metavar="YYYY-MM-DD", help="Last day residents may add places."),
        click.option("--by", "by_email", metavar="EMAIL",
                     help="Staff account the change is recorded for in the audit log."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _pairs(items: tuple[str, ...], prefix: str) -> dict[str, str]:
    values = {}
    for item in items:
        language, equals, text = item.partition("=")
        if not equals:
            raise click.BadParameter(f"{item!r}: write LANG=TEXT", param_hint=f"--{prefix}")
        values[f"{prefix}_{language.strip()}"] = text
    return values


def _values(options: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if options["slug"] is not None:
        values["slug"] = options["slug"]
    values.update(_pairs(options["titles"], "title"))
    values.update(_pairs(options["intros"], "intro"))
    if options["areas"]:
        values["areas"] = list(options["areas"])
    source = options["categories_file"]
    if source == "standard":
        values["category_source"] = "library"
    elif source:
        try:
            text = Path(source).read_text(encoding="utf-8")
        except OSError as error:
            raise click.ClickException(f"{source}: cannot read the file: {error.strerror}") \
                from error
        values.update(category_source="custom", custom_categories=text)
    for name, key in (("comments", "comments_allowed"), ("me_too", "me_too_shown"),
                      ("photos", "photos_allowed")):
        if options[name] is not None:
            values[key] = "1" if options[name] else "0"
    for name in ("moderation", "opens", "closes"):
        if options[name] is not None:
            values[name] = options[name]
    return values


def _user(email: str | None) -> User | None:
    if not email:
        return None
    user = db.session.scalar(select(User).where(User.email == email.lower()))
    if user is None:
        raise click.ClickException(f"no staff account {email}")
    return user


def _fail(invalid: DialogueInvalid) -> click.ClickException:
    lines = [f"{name}: {message}" for name, message in invalid.errors.items()]
    return click.ClickException("the dialogue map was not saved:\n  " + "\n  ".join(lines))


def _find(slug: str) -> Dialogue:
    dialogue = find_dialogue(slug)
    if dialogue is None:
        raise click.ClickException(f"no dialogue map {slug}")
    return dialogue


@dialogue_cli.command("create")
@_settings
@_english
def create_command(by_email: str | None, **options: Any) -> None:
    """Create a dialogue map (needs --slug, --title sv=..., --area, --opens, --closes)."""
    try:
        dialogue = create_dialogue(_values(options), _user(by_email))
    except DialogueInvalid as invalid:
        raise _fail(invalid) from invalid
    db.session.commit()
    click.echo(f"created /karta/{dialogue.slug}")


@dialogue_cli.command("edit")
@click.argument("slug_now", metavar="SLUG")
@_settings
@_english
def edit_command(slug_now: str, by_email: str | None, **options: Any) -> None:
    """Change the given settings of the dialogue map SLUG; the others stay."""
    dialogue = _find(slug_now)
    try:
        changed = update_dialogue(dialogue, _values(options), _user(by_email))
    except DialogueInvalid as invalid:
        raise _fail(invalid) from invalid
    db.session.commit()
    click.echo(f"/karta/{dialogue.slug}: " + (", ".join(changed) or "nothing changed"))


def _state_command(name: str, change: Callable[[Dialogue, Any], None], help_text: str) -> None:
    @dialogue_cli.command(name, help=help_text)
    @click.argument("slug")
    @click.option("--by", "by_email", metavar="EMAIL",
                  help="Staff account the change is recorded for in the audit log.")
    @_english
    def command(slug: str, by_email: str | None) -> None:
        dialogue = _find(slug)
        try:
            change(dialogue, _user(by_email))
        except DialogueInvalid as invalid:
            raise _fail(invalid) from invalid
        db.session.commit()
        click.echo(f"{slug}: {name} done")


_state_command("close", lambda d, user: close_dialogue(d, date.today(), user),
               "Close the dialogue map SLUG for new places today (it stays readable).")
_state_command("archive", lambda d, user: archive_dialogue(d, date.today(), user),
               "Archive the dialogue map SLUG: closed and hidden from every list.")
_state_command("delete", delete_dialogue,
               "Delete the dialogue map SLUG; refused when residents have marked places.")


@dialogue_cli.command("list")
@click.option("--archived", is_flag=True, help="List the archived maps instead.")
def list_command(archived: bool) -> None:
    """One line per dialogue map: slug, dates, state, Swedish title."""
    today = date.today()
    for dialogue in list_dialogues(archived=archived):
        state = ("archived" if dialogue.archived else "open" if dialogue.is_open(today)
                 else "closed" if dialogue.is_closed(today) else "not open yet")
        click.echo(f"{dialogue.slug}\t{dialogue.opens}\t{dialogue.closes}\t{state}\t"
                   f"{dialogue.name}")
