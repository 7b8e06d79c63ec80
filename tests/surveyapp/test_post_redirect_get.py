"""Post/redirect/get: every public POST a resident can make last answers 303 to a GET page,
so going back or reloading never sends it again."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlparse

from sqlalchemy import select

from surveyapp.db import db
from surveyapp.demo import load_demo
from surveyapp.dialogue.models import Pin
from surveyapp.geo.models import Area
from surveyapp.walks.models import Walk
from tests.conftest import csrf_token
from tests.surveyapp.respondent import FULL_PLAN, csrf, post_page, start_with_code

SLUG = "trygghet-2026"


def demo(app) -> list[str]:
    with app.app_context():
        codes = load_demo(date.today(), codes=4)["codes"]
        centrum = db.session.scalar(select(Area).where(Area.code == "0682R001"))
        db.session.add(Walk(area_id=centrum.id, date=date.today(), join_code="PRG234",
                            meeting_point="Torget", status="open"))
        db.session.commit()
    return codes


def see_other(response, path: str | None = None) -> str:
    """Assert a 303 and return where it points (a path to GET)."""
    assert response.status_code == 303, (response.status_code, response.get_data(as_text=True)[:300])
    location = urlparse(response.location)
    if path is not None:
        assert location.path == path
    return location.path + (f"?{location.query}" if location.query else "")


def test_survey_posts_answer_303(app, client):
    [code, *_] = demo(app)
    # A code prefills the strata, so its first unanswered page comes after "about you".
    assert see_other(start_with_code(app.test_client(), SLUG, code)).startswith(f"/s/{SLUG}/page/")
    html = client.get(f"/s/{SLUG}?lang=en").get_data(as_text=True)
    landing = see_other(client.post(f"/s/{SLUG}/start", data={"csrf_token": csrf(html)}),
                        f"/s/{SLUG}/page/1")  # one redirect, straight to the page
    first = urlparse(landing).path

    refused = post_page(client, first, {})
    see_other(refused, first)
    shown = client.get(first).get_data(as_text=True)
    assert 'id="error-summary"' in shown and "autofocus" in shown
    assert client.get(first).get_data(as_text=True).count('class="err"') == 0, "shown once"

    switched = client.post(first + "?lang=ar", data={
        "csrf_token": csrf_token(client, first), "action": "language", "kon": "m"})
    see_other(switched, first)
    page = client.get(first).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page and 'value="m" checked' in page
    assert 'id="error-summary"' not in page, "a language switch validates nothing"

    second = see_other(post_page(client, first, FULL_PLAN))
    see_other(post_page(client, second, {}, action="back"), first)
    see_other(post_page(client, first, FULL_PLAN, action="save"), f"/s/{SLUG}/paused")


def test_sending_the_last_page_answers_303_and_back_shows_thanks(app, client):
    [code, *_] = demo(app)
    path = urlparse(start_with_code(client, SLUG, code).location).path
    for _ in range(20):
        following = see_other(post_page(client, path, FULL_PLAN))
        if following.endswith("/thanks"):
            break
        path = following
    assert following == f"/s/{SLUG}/thanks"
    thanks = client.get(following).get_data(as_text=True)
    assert 'href="/karta/trygghet-2026"' in thanks and 'href="/atgarder' in thanks
    # Back in the browser means a GET of the last page: it leads to the thank-you page again.
    see_other(client.get(path), f"/s/{SLUG}/thanks")


def test_pin_and_walk_posts_answer_303(app, client):
    demo(app)
    token = csrf_token(client, f"/karta/{SLUG}")
    added = client.post(f"/karta/{SLUG}/pins", data={
        "csrf_token": token, "category": "belysning", "lat": "57.64", "lng": "14.70"})
    see_other(added, f"/karta/{SLUG}")
    with app.app_context():
        pin = db.session.scalar(select(Pin).order_by(Pin.id.desc()))
    see_other(client.post(f"/karta/{SLUG}/pins/{pin.id}/me-too", data={"csrf_token": token}),
              f"/karta/{SLUG}")

    token = csrf_token(client, "/vandring")
    see_other(client.post("/vandring", data={"csrf_token": token, "code": "prg234"}),
              "/vandring/observera")
    observed = client.post("/vandring/observera", data={
        "csrf_token": token, "category": "belysning", "description": "Mörkt", "severity": "2",
        "proposal": "", "place_description": "Torget", "lat": "", "lng": ""})
    assert see_other(observed, "/vandring/observera") == "/vandring/observera?saved=1"
    see_other(client.post("/vandring/lamna", data={"csrf_token": token}), "/vandring")
