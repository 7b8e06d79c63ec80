"""Survey "unsafe place" points: on the analyst map, their own GeoJSON layer and in the place
analysis (hot spots, per-area counts), labelled by source (SQLite and PostgreSQL)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from surveyapp.db import db
from surveyapp.dialogue.models import Pin, PinStatus
from surveyapp.geo.geometry import interior_point
from surveyapp.results.models import CampaignWeighting
from surveyapp.surveys.models import Response
from surveyapp.surveys.services import find_campaign


@pytest.fixture
def places(app, client, log_in, make_campaign):
    """Three survey places at one spot of the first area, one approved pin next to them, one
    response marking only the area (no point), unweighted results; an analyst logged in."""
    slug = make_campaign("places")
    with app.app_context():
        campaign = find_campaign(slug)
        area = campaign.areas[0]
        lat, lng = interior_point(area.geometry)
        for place in [{"area": area.code, "lat": lat, "lng": lng}] * 3 + [{"area": area.code}]:
            db.session.add(Response(
                campaign_id=campaign.id, channel="invitation", language="sv",
                area_code=area.code, sex="f", age_group="25-44",
                answers={"trygg_kvall": 2, "otrygg_plats": place}, submitted_on=date.today()))
        db.session.add(Pin(lat=lat, lng=lng, category="belysning", created_on=date.today(),
                           area_id=area.id, status=PinStatus.APPROVED))
        db.session.add(CampaignWeighting(campaign_id=campaign.id, method="none",
                                         variables=[]))
        db.session.commit()
        code, name = area.code, area.name
    log_in(client, ["analyst"])
    return {"slug": slug, "code": code, "name": name, "lat": lat, "lng": lng}


def test_geojson_has_the_survey_places_as_their_own_layer(app, client, places):
    collection = client.get(f"/staff/results/{places['slug']}/export/map.geojson").get_json()
    survey = [f for f in collection["features"] if f["properties"]["kind"] == "survey_place"]
    assert len(survey) == 3
    for feature in survey:
        assert feature["geometry"]["type"] == "Point"
        assert feature["properties"]["source"] == "survey"
        assert feature["properties"]["area"] == places["code"]
        assert feature["geometry"]["coordinates"] == [round(places["lng"], 6),
                                                      round(places["lat"], 6)]
    pins = [f for f in collection["features"] if f["properties"]["kind"] == "pin"]
    assert [p["properties"]["source"] for p in pins] == ["dialogue"]


def test_places_count_in_hot_spots_and_per_area_by_source(app, client, places):
    html = client.get(f"/staff/results/{places['slug']}/report").get_data(as_text=True)
    spots = html.split('<table class="hotspots">', 1)
    assert len(spots) == 2, "a hot spot table is shown"
    row = spots[1].split("<tbody>", 1)[1].split("</tr>", 1)[0]
    assert re.findall(r'<td class="num">(\d+)</td>', row) == ["4", "3"]  # 1 pin + 3 survey
    counts = html.split('class="place-counts"', 1)[1].split("</table>", 1)[0]
    first = counts.split(f"<th scope=\"row\">{places['name']}</th>", 1)[1].split("</tr>", 1)[0]
    assert re.findall(r'<td class="num">(\d+)</td>', first) == ["1", "3", "4"]
    dashboard = client.get(f"/staff/results/{places['slug']}/").get_data(as_text=True)
    assert dashboard.count('class="survey-place"') == 3

