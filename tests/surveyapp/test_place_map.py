"""The analysts' place map (folium): layers, filters, moderation, suppression, CSP and the
standalone file (SQLite and PostgreSQL)."""

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
def placed(app, client, log_in, make_campaign):
    slug = make_campaign("placemap")
    with app.app_context():
        campaign = find_campaign(slug)
        area = campaign.areas[0]
        lat, lng = interior_point(area.geometry)
        for place in [{"area": area.code, "lat": lat, "lng": lng}] * 3:
            db.session.add(Response(
                campaign_id=campaign.id, channel="invitation", language="sv",
                area_code=area.code, sex="f", age_group="25-44",
                answers={"trygg_kvall": 2, "otrygg_plats": place}, submitted_on=date.today()))
        db.session.add(Pin(lat=lat, lng=lng, category="belysning", created_on=date(2026, 3, 2),
                           area_id=area.id, status=PinStatus.APPROVED, time_of_day="kvall",
                           comment="Mörk gång </script><script>alert(1)</script>"))
        db.session.add(Pin(lat=lat, lng=lng, category="belysning", created_on=date(2026, 3, 2),
                           area_id=area.id, status=PinStatus.PENDING,
                           comment="HEMLIG väntande text"))
        db.session.add(CampaignWeighting(campaign_id=campaign.id, method="none",
                                         variables=[]))
        db.session.commit()
        code, name = area.code, area.name
    log_in(client, ["analyst"])
    return {"slug": slug, "code": code, "name": name, "lat": lat, "lng": lng}


def test_smoke(client, placed):
    page = client.get(f"/staff/results/{placed['slug']}/places")
    print(page.status_code)
    __import__("pathlib").Path("/tmp/pm/page.html").write_text(page.get_data(as_text=True))
    doc = client.get(f"/staff/results/{placed['slug']}/places/map")
    __import__("pathlib").Path("/tmp/pm/doc.html").write_text(doc.get_data(as_text=True))
    print(doc.headers["Content-Security-Policy"])
    f = client.get(f"/staff/results/{placed['slug']}/places/map.html")
    __import__("pathlib").Path("/tmp/pm/file.html").write_text(f.get_data(as_text=True))
    print(f.headers)
