"""Creating, editing, closing, archiving and deleting dialogue maps. Only flushes.

One service layer for the staff pages, ``flask dialogue ...`` and the JSON API. Every change
is written to the audit log with the names of the fields that changed.

Rules once residents have dropped pins: areas may be added, but an area that holds a pin of
the dialogue cannot be removed (its pins would lie outside the map); a category that pins use
cannot be dropped; the dialogue cannot be deleted (archive it instead).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from surveyapp.auth.audit import record
from surveyapp.db import db
from surveyapp.dialogue.admin_forms import DEFAULTS, DialogueInput, current_values, read_dialogue
from surveyapp.dialogue.categories import vocabulary_from
from surveyapp.dialogue.models import Dialogue, Pin
from surveyapp.geo.models import Area
from surveyapp.geo.services import all_areas


class DialogueInvalid(ValueError):
    """The dialogue cannot be saved; ``errors`` maps fields to translated messages."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def find_dialogue_by_id(dialogue_id: int) -> Dialogue | None:
    """The dialogue with this id."""
    return db.session.get(Dialogue, dialogue_id)


def list_dialogues(archived: bool = False) -> list[Dialogue]:
    """Dialogues (archived ones only when asked), newest opening first."""
    query = select(Dialogue).where(Dialogue.archived.is_(archived))
    return list(db.session.scalars(query.order_by(Dialogue.opens.desc(), Dialogue.slug)))


def public_dialogues(today: date) -> tuple[list[Dialogue], list[Dialogue]]:
    """``(open, closed)`` maps residents see on /karta; archived and future ones are hidden."""
    shown = [d for d in list_dialogues() if d.opens <= today]
    return ([d for d in shown if d.is_open(today)],
            [d for d in shown if d.is_closed(today)])


def mappable_areas() -> list[Area]:
    """Areas with an outline, by name: the ones a dialogue map can cover."""
    # JSON columns store a missing outline as JSON null, so filter here, not in SQL.
    return [area for area in all_areas(by_name=True) if area.geometry]


def pin_count(dialogue: Dialogue) -> int:
    """How many pins (any status) residents have dropped on ``dialogue``."""
    return db.session.scalar(
        select(func.count()).select_from(Pin).where(Pin.dialogue_id == dialogue.id)) or 0


def pins_by_status(dialogues: list[Dialogue]) -> dict[int, dict[str, int]]:
    """For each of ``dialogues`` (by id): how many of its pins are in each moderation state
    (``approved`` ones are on the public map, ``pending`` ones wait for a moderator)."""
    counts: dict[int, dict[str, int]] = {dialogue.id: {} for dialogue in dialogues}
    if not counts:
        return counts
    rows = db.session.execute(
        select(Pin.dialogue_id, Pin.status, func.count()).where(Pin.dialogue_id.in_(list(counts)))
        .group_by(Pin.dialogue_id, Pin.status))
    for dialogue_id, status, count in rows:
        if dialogue_id is not None:  # the IN above leaves no pin without a dialogue
            counts[dialogue_id][str(status)] = int(count)
    return counts


def _areas(data: DialogueInput, errors: dict[str, str]) -> list[Area]:
    found = {area.code: area for area in db.session.scalars(
        select(Area).where(Area.code.in_(data.area_codes)))}
    missing = [code for code in data.area_codes if code not in found]
    if missing:
        errors["areas"] = _("Unknown areas: %(codes)s", codes=", ".join(missing))
    without = [found[c].name for c in data.area_codes if c in found and not found[c].geometry]
    if without and "areas" not in errors:
        errors["areas"] = _("These areas have no outline and cannot be on a map: %(names)s",
                            names=", ".join(without))
    return [found[code] for code in data.area_codes if code in found]


def _check(values: dict[str, Any], dialogue: Dialogue | None) -> tuple[DialogueInput,
                                                                        list[Area]]:
    """Read ``values`` and check them against the database; raises DialogueInvalid with
    every problem at once."""
    data, errors = read_dialogue(values)
    if "slug" not in errors:
        other = db.session.scalar(select(Dialogue).where(Dialogue.slug == data.slug))
        if other is not None and other is not dialogue:
            errors["slug"] = _("Another dialogue map already uses this address.")
    areas = _areas(data, errors) if "areas" not in errors else []
    if dialogue is not None and not {"areas", "custom_categories", "category_source"} & set(
            errors):
        _check_pins_stay(dialogue, data, areas, errors)
    if errors:
        raise DialogueInvalid(errors)
    return data, areas


def _check_pins_stay(dialogue: Dialogue, data: DialogueInput, areas: list[Area],
                     errors: dict[str, str]) -> None:
    kept = {area.id for area in areas}
    used_areas = set(db.session.scalars(
        select(Pin.area_id).where(Pin.dialogue_id == dialogue.id).distinct()))
    stranded = sorted(a.name for a in dialogue.areas if a.id in used_areas and a.id not in kept)
    if stranded:
        errors["areas"] = _("Residents have marked places in %(names)s; these areas cannot be "
                            "removed.", names=", ".join(stranded))
    used = set(db.session.scalars(
        select(Pin.category).where(Pin.dialogue_id == dialogue.id).distinct()))
    offered = {label.code for label in vocabulary_from(data.categories).categories}
    dropped = sorted(used - offered)
    if dropped:
        errors["custom_categories"] = _("Pins use the categories %(codes)s; keep them in the "
                                        "list.", codes=", ".join(dropped))


SETTINGS = ("slug", "titles", "intros", "categories", "comments_allowed", "me_too_shown",
            "photos_allowed", "moderation", "opens", "closes")


def _apply(dialogue: Dialogue, data: DialogueInput, areas: list[Area]) -> list[str]:
    """Copy ``data`` onto ``dialogue``; returns the names of the fields that changed."""
    changed = []
    for name in SETTINGS:
        current = getattr(dialogue, name)
        if name in ("titles", "intros"):
            current = current or {}  # maps older than these settings have none stored
        if current != getattr(data, name):
            setattr(dialogue, name, getattr(data, name))
            changed.append(name)
    if {a.id for a in dialogue.areas} != {a.id for a in areas}:
        changed.append("areas")
    dialogue.areas = areas
    dialogue.name = data.titles["sv"]
    return changed


def create_dialogue(values: dict[str, Any], user: Any) -> Dialogue:
    """A new dialogue map from flat ``values`` (see ``admin_forms``), or DialogueInvalid
    (nothing stored). Fields left out get ``DEFAULTS``."""
    data, areas = _check({**DEFAULTS, **values}, None)
    dialogue = Dialogue(slug=data.slug, name=data.titles["sv"], archived=False)
    db.session.add(dialogue)
    _apply(dialogue, data, areas)
    db.session.flush()
    record(user, "dialogue_created", f"dialogue {dialogue.slug}")
    return dialogue


def update_dialogue(dialogue: Dialogue, values: dict[str, Any], user: Any) -> list[str]:
    """Change the settings given in ``values`` (others stay); returns the changed fields
    (audited), or raises DialogueInvalid (nothing changed)."""
    data, areas = _check({**current_values(dialogue), **values}, dialogue)
    changed = _apply(dialogue, data, areas)
    db.session.flush()
    if changed:
        record(user, "dialogue_edited", f"dialogue {dialogue.slug}: {', '.join(changed)}")
    return changed


def close_dialogue(dialogue: Dialogue, today: date, user: Any) -> None:
    """Stop new pins from ``today``; the map stays readable with its actions."""
    if dialogue.closed_on is not None:
        raise DialogueInvalid({"closed": _("This dialogue map is already closed.")})
    dialogue.closed_on = today
    db.session.flush()
    record(user, "dialogue_closed", f"dialogue {dialogue.slug}: closed_on")


def archive_dialogue(dialogue: Dialogue, today: date, user: Any) -> None:
    """Hide the dialogue from every list (closing it too); its pins stay for the statistics."""
    if dialogue.archived:
        raise DialogueInvalid({"archived": _("This dialogue map is already archived.")})
    changed = ["archived"]
    if dialogue.closed_on is None:
        dialogue.closed_on = today
        changed.append("closed_on")
    dialogue.archived = True
    db.session.flush()
    record(user, "dialogue_archived", f"dialogue {dialogue.slug}: {', '.join(changed)}")


def delete_dialogue(dialogue: Dialogue, user: Any) -> None:
    """Delete a dialogue nobody has used; one with pins is refused (archive it instead)."""
    if pin_count(dialogue):
        raise DialogueInvalid({"delete": _(
            "Residents have marked places on this map, so it cannot be deleted. Archive it "
            "instead.")})
    slug = dialogue.slug
    db.session.delete(dialogue)
    db.session.flush()
    record(user, "dialogue_deleted", f"dialogue {slug}")
