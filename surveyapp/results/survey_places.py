"""Places residents marked as unsafe in a survey (``place`` questions other than the area of
residence, answered with a map point), for the analyst's map, the GeoJSON export and the place
analysis, always labelled ``source = "survey"``.

Read from the written responses at the time of asking (nothing copied, no date): each point
is ``{"lat", "lng", "area", "question", "source": "survey"}`` where ``area`` is the area the
resident chose for the place. A point says where, not who; the response it came from is not
named.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from sqlalchemy import select

from surveyapp.db import db
from surveyapp.surveys.models import Campaign, Response, ResponseStatus

SOURCE = "survey"


def place_questions(campaign: Campaign) -> list[str]:
    """The campaign's place questions that are not the area-of-residence stratum."""
    model = campaign.questionnaire.model()
    return [q.id for q in model.questions()
            if q.question_type.name == "place" and q.stratum != "area"]


def survey_points(campaign: Campaign, area_codes: Sequence[str]) -> list[dict]:
    """Every marked survey place inside ``area_codes`` (every channel: a place is counted,
    not weighted)."""
    variables = place_questions(campaign)
    if not variables:
        return []
    wanted = list(area_codes)
    points = []
    for variable in variables:
        lat = Response.answers[(variable, "lat")].as_float()
        lng = Response.answers[(variable, "lng")].as_float()
        area = Response.answers[(variable, "area")].as_string()
        rows = db.session.execute(select(lat, lng, area).where(
            Response.campaign_id == campaign.id, Response.status == ResponseStatus.COMPLETE,
            lat.is_not(None), lng.is_not(None), area.in_(wanted)).order_by(Response.id))
        points += [{"lat": float(r[0]), "lng": float(r[1]), "area": r[2], "question": variable,
                    "source": SOURCE} for r in rows]
    return points


def survey_area_only(campaign: Campaign, area_codes: Sequence[str]) -> Counter[str]:
    """Survey places answered with an area but no point, counted per area code (they say
    which area, not where in it, so they stay out of the point statistics)."""
    counts: Counter[str] = Counter()
    wanted = list(area_codes)
    for variable in place_questions(campaign):
        lat = Response.answers[(variable, "lat")].as_float()
        area = Response.answers[(variable, "area")].as_string()
        counts.update(db.session.scalars(select(area).where(
            Response.campaign_id == campaign.id, Response.status == ResponseStatus.COMPLETE,
            lat.is_(None), area.in_(wanted))))
    return counts


def counts_by_area(area_names: dict[str, str], pins: Sequence[dict], survey: Sequence[dict],
                   survey_by_area_only: Counter[str] | None = None) -> list[dict]:
    """Per area: approved dialogue pins, survey places (with a point or by area only), their
    sum and how many of them are known only by area (``area_only``), sorted by name."""
    by_area_only = survey_by_area_only or Counter()
    pin_counts = Counter(p["area"] for p in pins)
    pin_area_only = Counter(p["area"] for p in pins if p.get("area_only"))
    survey_counts = Counter(p["area"] for p in survey) + by_area_only
    return [{"area": code, "name": name, "pins": pin_counts[code],
             "survey": survey_counts[code], "total": pin_counts[code] + survey_counts[code],
             "area_only": pin_area_only[code] + by_area_only[code]}
            for code, name in sorted(area_names.items(), key=lambda item: item[1])]
