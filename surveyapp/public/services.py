"""What residents can take part in today: open surveys and open dialogue maps."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from sqlalchemy import select

from surveyapp.db import db
from surveyapp.dialogue.models import Dialogue, dialogue_area
from surveyapp.geo.models import Area


def open_dialogues(today: date, area_ids: Collection[int] | None = None) -> list[Dialogue]:
    """Dialogue maps taking pins on ``today`` (:meth:`Dialogue.is_open`), by name; with
    ``area_ids`` only those covering at least one of these areas."""
    query = select(Dialogue).where(Dialogue.opens <= today, Dialogue.closes >= today)
    if area_ids is not None:
        covering = select(dialogue_area.c.dialogue_id).where(
            dialogue_area.c.area_id.in_(list(area_ids)))
        query = query.where(Dialogue.id.in_(covering))
    return [dialogue for dialogue in db.session.scalars(query.order_by(Dialogue.name))
            if dialogue.is_open(today)]


def areas_with_public_actions(area_ids: Collection[int]) -> list[Area]:
    """Those of ``area_ids`` that have at least one action on ``/atgarder``, by name."""
    # Imported here: the survey blueprint (which shows these on its thank-you page) is loaded
    # while the actions package is still being imported.
    from surveyapp.actions.models import Action

    return list(db.session.scalars(
        select(Area)
        .where(Area.id.in_(list(area_ids)), Area.id.in_(select(Action.area_id)))
        .order_by(Area.name)
    ))
