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
    wanted = set(area_codes)
    rows = db.session.execute(select(*(Response.answers[v] for v in variables)).where(
        Response.campaign_id == campaign.id, Response.status == ResponseStatus.COMPLETE)
        .order_by(Response.id))
    points = []
    for row in rows:
        for variable, value in zip(variables, row, strict=True):
            if (isinstance(value, dict) and value.get("area") in wanted
                    and isinstance(value.get("lat"), int | float)
                    and isinstance(value.get("lng"), int | float)):
                points.append({"lat": float(value["lat"]), "lng": float(value["lng"]),
                               "area": value["area"], "question": variable,
                               "source": SOURCE})
    return points


def counts_by_area(area_names: dict[str, str], pins: Sequence[dict],
                   survey: Sequence[dict]) -> list[dict]:
    """Per area: approved dialogue pins and survey places, and their sum (sorted by name)."""
    pin_counts = Counter(p["area"] for p in pins)
    survey_counts = Counter(p["area"] for p in survey)
    return [{"area": code, "name": name, "pins": pin_counts[code],
             "survey": survey_counts[code], "total": pin_counts[code] + survey_counts[code]}
            for code, name in sorted(area_names.items(), key=lambda item: item[1])]
