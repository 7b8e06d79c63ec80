"""A closed demo walk with a few observations (used by ``surveyapp.demo``)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from surveyapp.db import db
from surveyapp.geo.models import Area
from surveyapp.walks.models import Light, Observation, Walk, WalkStatus

DEMO_WALK_CODE = "DEMO42"
DEMO_OBSERVATIONS = [
    (57.6395, 14.6745, "", "belysning", "Gångtunneln under järnvägen är mörk, två lampor trasiga.",
     3, "Byt lamporna och sätt in ljusare armaturer.",
     {"lighting": 1, "visibility": 2, "ways_out": 2, "feeling": 1}),
    (57.6412, 14.6801, "", "vegetation", "Höga buskar längs gångvägen skymmer sikten mot parken.",
     2, "Klipp ner buskarna till knähöjd.", {"visibility": 2, "openness": 2, "upkeep": 3}),
    (None, None, "Busshållplatsen vid torget", "grupper",
     "Grupper samlas på kvällarna och det känns obehagligt att vänta på bussen.", 2,
     "Mer vuxennärvaro på kvällarna, till exempel nattvandrare.", {"transport": 4, "people": 3}),
]


def ensure_demo_walk(area: Area, today: date) -> Walk:
    """The closed demo walk in ``area`` with its förmöte and three observations at dusk
    (created once; its uppföljande möte is left for the leader to record)."""
    walk = db.session.scalar(select(Walk).where(Walk.join_code == DEMO_WALK_CODE))
    if walk is not None:
        return walk
    walk = Walk(area_id=area.id, date=today - timedelta(days=7), join_code=DEMO_WALK_CODE,
                meeting_point="Stationens entré", status=WalkStatus.CLOSED,
                purpose="Se över gångvägen mellan stationen och skolan efter mörkrets inbrott.")
    db.session.add(walk)
    db.session.flush()
    for lat, lng, place, category, description, severity, proposal, scores in DEMO_OBSERVATIONS:
        db.session.add(Observation(walk_id=walk.id, lat=lat, lng=lng, place_description=place,
                                   category=category, description=description,
                                   severity=severity, proposal=proposal, scores=scores,
                                   light=Light.DUSK))
    db.session.flush()
    return walk
