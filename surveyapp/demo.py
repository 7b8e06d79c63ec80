"""Demo data: a small municipality with areas, one open campaign, codes and a staff login."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from sqlalchemy import func, select

from questionnaires import load_library
from surveyapp.actions.demo import ensure_demo_action
from surveyapp.auth.models import Role, User
from surveyapp.db import db
from surveyapp.dialogue.services import ensure_demo_dialogue
from surveyapp.geo.models import Area
from surveyapp.geo.outlines import cell_outline
from surveyapp.surveys.models import Campaign, CampaignMode, Invitation, QuestionnaireVersion
from surveyapp.surveys.services import create_invitations
from surveyapp.walks.demo import ensure_demo_walk

DEMO_CAMPAIGN = "trygghet-2026"
DEMO_ADMIN = "admin@exempelby.se"
# Five districts of a made-up municipality around 57.65 N, 14.69 E (WGS84), on a 2 x 3 grid:
# the demo draws them with irregular outlines (``cell_outline``); tests may use ``square``.
DEMO_AREAS = [
    ("0682R001", "Centrum", 0, 0),
    ("0682R002", "Norrmalm", 0, 1),
    ("0682R003", "Söderby", 1, 0),
    ("0682R004", "Österäng", 1, 1),
    ("0682R005", "Västerhöjd", 2, 0),
]


def square(row: int, column: int) -> dict:
    """A rectangular GeoJSON polygon for grid cell (row, column) (simple shapes for tests)."""
    west, south = 14.66 + column * 0.03, 57.63 + row * 0.02
    ring = [[west, south], [west + 0.03, south], [west + 0.03, south + 0.02],
            [west, south + 0.02], [west, south]]
    return {"type": "Polygon", "coordinates": [[[round(x, 4), round(y, 4)] for x, y in ring]]}


def ensure_questionnaire(key: str = "trygghet") -> QuestionnaireVersion:
    """The bundled questionnaire stored as a version (stored once, then reused)."""
    model = load_library(key)
    stored = db.session.scalar(
        select(QuestionnaireVersion).where(
            QuestionnaireVersion.key == model.key, QuestionnaireVersion.version == model.version
        )
    )
    if stored is None:
        stored = QuestionnaireVersion(
            key=model.key,
            version=model.version,
            definition=dict(model.definition),
            languages=list(model.languages),
        )
        db.session.add(stored)
        db.session.flush()
    return stored


def load_demo(today: date, codes: int = 20) -> dict:
    """Create (or refresh) the demo data; returns the staff login and fresh invitation codes."""
    areas = []
    for code, name, row, column in DEMO_AREAS:
        area = db.session.scalar(select(Area).where(Area.code == code))
        if area is None:
            area = Area(code=code, name=name, kind="district",
                        geometry=cell_outline(row, column))
            db.session.add(area)
        elif area.geometry == square(row, column):
            area.geometry = cell_outline(row, column)  # a demo database from before the outlines
        areas.append(area)
    questionnaire = ensure_questionnaire()
    campaign = db.session.scalar(select(Campaign).where(Campaign.slug == DEMO_CAMPAIGN))
    if campaign is None:
        campaign = Campaign(
            slug=DEMO_CAMPAIGN,
            name="Trygghetsundersökning 2026",
            year=2026,
            mode=CampaignMode.BOTH,
            questionnaire=questionnaire,
            languages=list(questionnaire.languages),
        )
        db.session.add(campaign)
    campaign.opens, campaign.closes = today - timedelta(days=14), today + timedelta(days=60)
    campaign.areas = areas
    db.session.flush()
    dialogue = ensure_demo_dialogue(areas, today)
    ensure_demo_action(ensure_demo_walk(areas[0], today), today)
    first = db.session.scalar(select(func.count()).select_from(Invitation)
                              .where(Invitation.campaign_id == campaign.id)) or 0
    frame: list[dict[str, str | None]] = [
        {"serial": str(first + i + 1), "area_code": DEMO_AREAS[i % 5][0], "sex": "fm"[i % 2],
         "age_group": ages}
        for i, ages in enumerate(["16-24", "25-44", "45-64", "65-84"] * (codes // 4))
    ]
    fresh_codes = create_invitations(campaign, frame)
    password = secrets.token_urlsafe(9)
    admin = db.session.scalar(select(User).where(User.email == DEMO_ADMIN))
    if admin is None:
        admin = User(email=DEMO_ADMIN, roles=[Role.ADMIN])
        db.session.add(admin)
    admin.set_password(password)
    db.session.flush()
    return {"campaign": campaign.slug, "dialogue": dialogue.slug, "email": DEMO_ADMIN,
            "password": password, "codes": fresh_codes}


def demo_addresses(base: str, demo: dict) -> list[tuple[str, str]]:
    """What a newcomer opens first, as (label, address) under ``base``."""
    return [
        ("Front page", f"{base}/"),
        ("Survey", f"{base}/s/{demo['campaign']}"),
        ("Dialogue map", f"{base}/karta/{demo['dialogue']}"),
        ("Walk join page", f"{base}/vandring"),
        ("Public actions", f"{base}/atgarder"),
        ("Staff login", f"{base}/login"),
    ]
