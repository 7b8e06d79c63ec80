"""The front page and the thank-you page show residents where they can take part."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlparse

from surveyapp.db import db
from surveyapp.dialogue.models import Dialogue
from surveyapp.geo.models import Area
from tests.surveyapp.respondent import FULL_PLAN, answer_all, start_open, start_with_code


def add_dialogue(app, slug: str, opens_in: int, closes_in: int, area_code: str) -> None:
    with app.app_context():
        area = db.session.scalar(db.select(Area).where(Area.code == area_code))
        today = date.today()
        db.session.add(Dialogue(slug=slug, name=f"Karta {slug}", areas=[area],
                                opens=today + timedelta(days=opens_in),
                                closes=today + timedelta(days=closes_in)))
        db.session.commit()


def test_front_page_lists_open_surveys_maps_walks_and_actions(client, make_campaign):
    make_campaign(slug="brev", mode="invitation")
    make_campaign(slug="lank", mode="open")
    make_campaign(slug="stangd", mode="open", opens_in=-60, closes_in=-1)
    add_dialogue(client.application, "oppen", -1, 10, "0682R001")
    add_dialogue(client.application, "gammal", -60, -1, "0682R001")
    html = client.get("/?lang=en").get_data(as_text=True)
    assert 'href="/s/brev"' in html and 'href="/s/lank"' in html
    assert 'href="/s/stangd"' not in html, "a closed campaign is not offered"
    assert html.count("Enter the code from your letter.") == 1, "only the letter-only campaign"
    assert 'href="/karta/oppen"' in html and 'href="/karta/gammal"' not in html
    assert 'href="/vandring"' in html and 'href="/atgarder"' in html


def test_front_page_says_when_nothing_is_open(client):
    html = client.get("/?lang=en").get_data(as_text=True)
    assert "No survey is open right now." in html
    assert "No map is open for new places right now." in html
    assert 'href="/vandring"' in html


def test_thank_you_page_is_the_same_whoever_answered(app, make_campaign, make_codes):
    """Its links follow the campaign's areas, never the resident's own."""
    slug = make_campaign(slug="tack", mode="both")
    add_dialogue(app, "tackkarta", -1, 10, "0682R002")
    add_dialogue(app, "annanstans", -1, 10, "0682R004")
    [code] = make_codes(slug, area_code="0682R003")
    pages = []
    for how in ("code", "open"):
        resident = app.test_client()
        resident.get("/?lang=sv")
        if how == "code":
            landing = start_with_code(resident, slug, code).location
            first = urlparse(landing).path
        else:
            first = start_open(resident, slug)
        answer_all(resident, first, dict(FULL_PLAN, omrade="0682R001"))
        pages.append(resident.get(f"/s/{slug}/thanks").get_data(as_text=True))
    assert pages[0] == pages[1]
    assert 'href="/karta/tackkarta"' in pages[0] and 'href="/karta/annanstans"' in pages[0]
    assert 'href="/atgarder"' in pages[0]
