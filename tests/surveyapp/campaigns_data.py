"""Shared test data for the campaign tests: areas, two stored questionnaires, valid settings."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import Flask
from sqlalchemy import select

from surveyapp.authoring.services import read_upload, store
from surveyapp.db import db
from surveyapp.demo import ensure_questionnaire
from surveyapp.geo.models import Area
from surveyapp.geo.population import PopulationCell

AREAS = [("0682R001", "Centrum"), ("0682R002", "Norrmalm"), ("0682R003", "Söderby")]

SHORT_FORM = """
key: kort
version: "1"
languages: [sv, en]
title: {sv: Kort enkät, en: Short survey}
pages:
  - id: p1
    questions:
      - id: trygg
        type: single
        text: {sv: "Känner du dig trygg?", en: "Do you feel safe?"}
        choices:
          - {code: 1, label: {sv: Ja, en: "Yes"}}
          - {code: 2, label: {sv: Nej, en: "No"}}
"""


def _polygon(index: int) -> dict:
    west, south = 14.66 + index * 0.03, 57.63
    ring = [[west, south], [west + 0.03, south], [west + 0.025, south + 0.02],
            [west + 0.004, south + 0.018], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


def prepare(app: Flask, population_year: int | None = 2025) -> None:
    """Areas (the first two with population for ``population_year``) and questionnaires:
    the bundled one (8 languages) and a short one in sv and en."""
    with app.app_context():
        for index, (code, name) in enumerate(AREAS):
            if db.session.scalar(select(Area).where(Area.code == code)) is None:
                db.session.add(Area(code=code, name=name, kind="district",
                                    geometry=_polygon(index)))
        db.session.flush()
        ensure_questionnaire()
        store(read_upload("kort.yaml", SHORT_FORM.encode()))
        if population_year is not None:
            for code, _name in AREAS[:2]:
                area = db.session.scalar(select(Area).where(Area.code == code))
                db.session.add(PopulationCell(area_id=area.id, year=population_year, sex="f",
                                              age_group="25-44", count=500))
        db.session.commit()


def settings(**changes: Any) -> dict[str, Any]:
    """Valid plain settings for a new campaign, with ``changes`` applied."""
    today = date.today()
    data: dict[str, Any] = {
        "slug": "trygghet-test",
        "questionnaire": "trygghet:2026.1",
        "languages": ["sv", "ar", "ti"],
        "mode": "both",
        "opens": (today - timedelta(days=1)).isoformat(),
        "closes": (today + timedelta(days=30)).isoformat(),
        "areas": ["0682R001", "0682R002"],
        "population_year": "2025",
        "names": {"sv": "Trygghetsundersökning test", "ar": "استطلاع السلامة"},
        "intro": {"sv": "Välkommen till enkäten."},
        "thanks": {"sv": "Tack! Resultaten kommer i maj."},
        "privacy": {"sv": "Kommunen behandlar svaren enligt GDPR."},
        "organiser": "Trygghetsenheten, Exempelby kommun",
        "contact": "Anna Andersson, 010-123 45 67",
    }
    data.update(changes)
    return data
