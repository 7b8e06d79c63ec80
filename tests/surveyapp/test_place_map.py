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


PAGE = "/staff/results/{slug}/places"


def _layer(html: str, label: str) -> dict:
    """The JSON argument of the PlaceMap.points call whose strings contain ``label``."""
    import json

    for found in re.finditer(r"PlaceMap\.points\(feature_group_\w+,\s*(\{.*?\}),\s*\{", html,
                             re.S):
        data = json.loads(found.group(1))
        if label in data["strings"]:
            return data
    raise AssertionError(f"no layer with {label!r}")


def test_map_document_has_hashed_csp_and_only_local_assets(client, placed):
    response = client.get(PAGE.format(**placed) + "/map")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "frame-ancestors 'self'" in csp
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    import base64
    import hashlib

    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert scripts, "folium writes its set-up inline"
    for body in scripts:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp.split("script-src", 1)[1].split(";", 1)[0]
    for body in re.findall(r"<style>(.*?)</style>", html, re.S):
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp.split("style-src", 1)[1].split(";", 1)[0]
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/") for s in sources), sources
    assert not re.search(r"jquery|bootstrap|font-?awesome|cdn", html, re.I)
    assert "user-scalable=no" not in html


def _layers(html: str) -> list[dict]:
    import json

    return [json.loads(found.group(1)) for found in re.finditer(
        r"PlaceMap\.points\(feature_group_\w+,\s*(\{.*?\}),\s*\{", html, re.S)]


def test_only_approved_text_and_no_script_injection(client, placed):
    html = client.get(PAGE.format(**placed) + "/map?lang=sv").get_data(as_text=True)
    assert "HEMLIG" not in html, "a pending pin's text never appears"
    assert "</script><script>alert" not in html
    pins = _layer(html, "Belysning")
    assert len(pins["rows"]) == 1, "only the approved pin"
    assert "Mörk gång </script><script>alert(1)</script>" in pins["strings"]
    assert len(_layer(html, "Markerad som otrygg i enkäten")["rows"]) == 3


@pytest.mark.parametrize(("query", "pin", "survey"), [
    ("", True, True),
    ("from=2026-04-01", False, True),  # the pin is from 2 March
    ("to=2026-03-01", False, True),
    ("from=2026-03-02&to=2026-03-02", True, True),
    ("time=evening", True, False),  # survey places have no time of day
    ("time=night", False, False),
    ("category=belysning", True, False),
    ("category=trafik", False, False),
    ("source=survey", False, True),
    ("source=dialogue", True, False),
])
def test_filters_select_the_layers(client, placed, query, pin, survey):
    html = client.get(PAGE.format(**placed) + f"/map?lang=sv&{query}").get_data(as_text=True)
    strings = [text for layer in _layers(html) for text in layer["strings"]]
    assert any("alert(1)" in text for text in strings) is pin
    assert ("Markerad som otrygg i enkäten" in strings) is survey


def test_invalid_filters_are_reported_and_translated(client, placed):
    page = client.get(PAGE.format(**placed) + "?from=2026-02-30&to=x&category=nope&time=noon"
                      "&lang=sv")
    assert page.status_code == 422
    html = page.get_data(as_text=True)
    assert html.count('aria-invalid="true"') == 4
    assert "Skriv datumet som ÅÅÅÅ-MM-DD" in html


def test_page_has_the_text_alternative_with_small_counts_suppressed(client, placed):
    html = client.get(PAGE.format(**placed) + "?lang=sv").get_data(as_text=True)
    row = html.split(f'<th scope="row">{placed["name"]}</th>', 1)[1].split("</tr>", 1)[0]
    cells = re.findall(r'<td class="num">(.*?)</td>', row)
    # 1 pin and 3 survey places: both shown as "fewer than 5", never as 1 or 3
    assert cells[1] == cells[2] == "färre än 5", cells
    assert "<iframe" in html and 'title="' in html
    assert "/places/map.html" in html


def test_standalone_file_inlines_leaflet(client, placed):
    response = client.get(PAGE.format(**placed) + "/map.html")
    assert response.headers["Content-Disposition"].startswith("attachment")
    html = response.get_data(as_text=True)
    assert "<script src=" not in html and 'rel="stylesheet"' not in html
    assert "Leaflet" in html and "L.map(" in html and "PlaceMap" in html
    assert "url(images/" not in html, "Leaflet's images are data URIs"


@pytest.mark.parametrize("roles", [["moderator"], ["walk_leader"]])
def test_only_analysts_and_coordinators(client, placed, log_in, roles):
    log_in(client, roles)
    for suffix in ("", "/map", "/map.html"):
        assert client.get(PAGE.format(**placed) + suffix).status_code == 403


def test_coordinator_may(client, placed, log_in):
    log_in(client, ["coordinator"])
    assert client.get(PAGE.format(**placed)).status_code == 200
