"""Survey "unsafe place" points: on the analyst map, their own GeoJSON layer and in the place
analysis (hot spots, per-area counts), labelled by source (SQLite and PostgreSQL)."""

from __future__ import annotations

import math
import random
import re
from datetime import date

import pytest

from surveyapp.db import db
from surveyapp.dialogue.models import Pin, PinStatus
from surveyapp.geo.geometry import interior_point
from surveyapp.results.models import CampaignWeighting
from surveyapp.surveys.models import Response
from surveyapp.surveys.services import find_campaign

CLUSTER = (0.005, 0.01)  # offset of the planted cluster from the area's interior point


@pytest.fixture
def places(app, client, log_in, make_campaign):
    """Around the first area's interior point (a box of about 2 × 2 km): 40 approved pins
    spread uniformly, a cluster of 8 pins and 12 survey places about 600 m north-east, three
    approved pins placed by area only (drawn at the interior point: the false hot spot of
    the old rule) and one survey answer naming only the area; unweighted results; an
    analyst logged in."""
    slug = make_campaign("places")
    rng = random.Random(5)
    with app.app_context():
        campaign = find_campaign(slug)
        area = campaign.areas[0]
        lat, lng = interior_point(area.geometry)
        near = [(lat + CLUSTER[0] + rng.gauss(0, 0.0012), lng + CLUSTER[1] + rng.gauss(0, 0.0024))
                for _ in range(20)]
        answers = [{"area": area.code, "lat": a, "lng": b} for a, b in near[:12]]
        for place in [*answers, {"area": area.code}]:
            db.session.add(Response(
                campaign_id=campaign.id, channel="invitation", language="sv",
                area_code=area.code, sex="f", age_group="25-44",
                answers={"trygg_kvall": 2, "otrygg_plats": place}, submitted_on=date.today()))
        spread = [(lat + rng.uniform(-0.01, 0.01), lng + rng.uniform(-0.02, 0.02))
                  for _ in range(40)]
        for a, b, only in [*((a, b, False) for a, b in spread + near[12:]),
                           *[(lat, lng, True)] * 3]:
            db.session.add(Pin(lat=a, lng=b, category="belysning", created_on=date.today(),
                               area_id=area.id, area_only=only, status=PinStatus.APPROVED))
        db.session.add(CampaignWeighting(campaign_id=campaign.id, method="none",
                                         variables=[]))
        db.session.commit()
        code, name = area.code, area.name
    log_in(client, ["analyst"])
    return {"slug": slug, "code": code, "name": name, "lat": lat, "lng": lng}


def test_geojson_has_the_survey_places_as_their_own_layer(app, client, places):
    collection = client.get(f"/staff/results/{places['slug']}/export/points.geojson").get_json()
    survey = [f for f in collection["features"] if f["properties"]["kind"] == "survey_place"]
    assert len(survey) == 12
    for feature in survey:
        assert feature["geometry"]["type"] == "Point"
        assert feature["properties"]["source"] == "survey"
        assert feature["properties"]["area"] == places["code"]
    pins = [f for f in collection["features"] if f["properties"]["kind"] == "pin"]
    assert {p["properties"]["source"] for p in pins} == {"dialogue"}
    assert sum(p["properties"]["area_only"] for p in pins) == 3


def metres(lat_a: float, lng_a: float, lat_b: float, lng_b: float) -> float:
    """Distance on the sphere, equirectangular (enough for a few kilometres)."""
    k = 6371008.8 * math.pi / 180
    return math.hypot((lng_a - lng_b) * k * math.cos(math.radians(lat_a)), (lat_a - lat_b) * k)


def test_only_the_significant_cluster_is_a_hot_spot_and_area_only_places_are_counted(
        app, client, places):
    html = client.get(f"/staff/results/{places['slug']}/report").get_data(as_text=True)
    spots = html.split('<table class="hotspots">', 1)
    assert len(spots) == 2, "a hot spot table is shown"
    rows = spots[1].split("<tbody>", 1)[1].split("</tbody>", 1)[0].split("</tr>")[:-1]
    assert len(rows) == 1, "one significant cluster: the planted one"
    position = re.search(r"<td>([\d.]+), ([\d.]+)</td>", rows[0])
    spot = float(position[1]), float(position[2])
    centre = places["lat"] + CLUSTER[0], places["lng"] + CLUSTER[1]
    assert metres(*spot, *centre) < 300
    assert metres(*spot, places["lat"], places["lng"]) > 400  # not at the stacked centre
    places_in, survey_in = (int(v) for v in re.findall(r'<td class="num">(\d+)</td>', rows[0])[:2])
    assert places_in >= 10 and 0 < survey_in <= 12
    counts = html.split('class="place-counts"', 1)[1].split("</table>", 1)[0]
    first = counts.split(f"<th scope=\"row\">{places['name']}</th>", 1)[1].split("</tr>", 1)[0]
    # pins 40 + 8 + 3 by area; survey 12 + 1 by area; 4 known only by area
    assert re.findall(r'<td class="num">(\d+)</td>', first) == ["51", "13", "64", "4"]
    method = html.split('class="method hotspot-method">', 1)[1].split("</p>", 1)[0]
    assert "Gi*" in method and "Benjamini" in method
    dashboard = client.get(f"/staff/results/{places['slug']}/").get_data(as_text=True)
    assert dashboard.count('class="survey-place"') == 12
    assert 'hotspot-method' in dashboard
