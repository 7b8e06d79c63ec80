"""Helpers for the dialogue-admin tests: demo areas, valid settings, a stored pin."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import Flask
from sqlalchemy import func, select

from surveyapp.db import db
from surveyapp.dialogue.models import Dialogue, Pin
from surveyapp.geo.models import Area

TODAY = date.today()


def make_areas(app: Flask) -> list[str]:
    """The five demo areas (squares); returns their codes."""
    from surveyapp.demo import DEMO_AREAS, square

    with app.app_context():
        for code, name, row, column in DEMO_AREAS:
            db.session.add(Area(code=code, name=name, kind="district",
                                geometry=square(row, column)))
        db.session.add(Area(code="NOSHAPE", name="Utan gräns", kind="district", geometry=None))
        db.session.commit()
    return [code for code, *_ in DEMO_AREAS]


def valid_values(**changes: Any) -> dict[str, Any]:
    """Settings that pass every check (two areas, open from yesterday for a month)."""
    values: dict[str, Any] = {
        "slug": "parken-2026",
        "title_sv": "Trygghet i parken",
        "title_en": "Safety in the park",
        "intro_sv": "Markera platser i parken.",
        "areas": ["0682R001", "0682R002"],
        "category_source": "library",
        "custom_categories": "",
        "comments_allowed": "1",
        "me_too_shown": "1",
        "moderation": "text_waits",
        "opens": (TODAY - timedelta(days=1)).isoformat(),
        "closes": (TODAY + timedelta(days=30)).isoformat(),
    }
    values.update(changes)
    return values


def add_pin(app: Flask, slug: str, area_code: str = "0682R001",
            category: str = "belysning", status: str = "approved") -> None:
    """A pin of ``slug`` in the middle of ``area_code`` (``status``: its moderation state)."""
    from surveyapp.geo.geometry import interior_point

    with app.app_context():
        dialogue = db.session.scalar(select(Dialogue).where(Dialogue.slug == slug))
        area = db.session.scalar(select(Area).where(Area.code == area_code))
        lat, lng = interior_point(area.geometry)
        db.session.add(Pin(source="dialogue", dialogue=dialogue, lat=lat, lng=lng, area=area,
                           category=category, status=status, flags=[], me_too=0,
                           created_on=TODAY))
        db.session.commit()


def dialogue_count(app: Flask) -> int:
    """How many dialogues are stored."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Dialogue))


def stored(app: Flask, slug: str) -> dict[str, Any] | None:
    """The stored dialogue's settings as plain data (outside the session)."""
    from surveyapp.dialogue.admin_forms import current_values

    with app.app_context():
        dialogue = db.session.scalar(select(Dialogue).where(Dialogue.slug == slug))
        if dialogue is None:
            return None
        values = current_values(dialogue)
        values.update(closed_on=dialogue.closed_on, archived=dialogue.archived,
                      categories=dialogue.categories, name=dialogue.name,
                      titles=dialogue.titles)
        return values


def audit_objects(app: Flask, action: str) -> list[str]:
    """The objects of the audit events with ``action``, oldest first."""
    from surveyapp.auth.models import AuditEvent

    with app.app_context():
        return list(db.session.scalars(
            select(AuditEvent.object).where(AuditEvent.action == action)
            .order_by(AuditEvent.id)))
