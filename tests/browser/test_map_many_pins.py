"""A map with more pins than MAP_POINTS_LIMIT: zoomed out it shows counts per grid cell (from
pins/grid.json, not every pin), choosing a cell zooms in, and close up the pins themselves."""

from __future__ import annotations

import random
from datetime import date

import sqlalchemy as sa

from surveyapp.db import db
from surveyapp.dialogue.models import Dialogue, Pin, PinStatus
from tests.browser.conftest import assert_accessible

MAP = "/karta/trygghet-2026"
SEEDED = 400


def _seed(app) -> tuple[int, list[int]]:
    """Approved pins spread over Centrum and Norrmalm: (how many the map has, the new ids)."""
    rng = random.Random(7)
    with app.app_context():
        dialogue = db.session.scalar(sa.select(Dialogue).where(Dialogue.slug == "trygghet-2026"))
        added = [Pin(dialogue_id=dialogue.id, lat=57.632 + rng.random() * 0.016,
                     lng=14.662 + rng.random() * 0.056, category="belysning",
                     status=PinStatus.APPROVED, created_on=date.today())
                 for _ in range(SEEDED)]
        db.session.add_all(added)
        db.session.commit()
        total = db.session.scalar(sa.select(sa.func.count()).select_from(Pin).where(
            Pin.dialogue_id == dialogue.id, Pin.status == PinStatus.APPROVED))
        return total, [pin.id for pin in added]


def test_cells_then_pins(phone, live_server):
    app = live_server["app"]
    total, added = _seed(app)
    app.config["MAP_POINTS_LIMIT"] = 100
    try:
        page = phone().new_page()
        asked: list[str] = []
        page.on("request", lambda request: asked.append(request.url))
        page.goto(f"{MAP}?lang=sv")
        page.wait_for_selector('#map[data-ready="true"]', timeout=45000)
        assert not any("/pins.json" in url for url in asked), "never every pin at once"
        cells = page.locator(".pin-cell")
        assert cells.count() >= 2
        counts = [int(text) for text in cells.all_inner_texts()]
        assert sum(counts) <= total and sum(counts) > total / 2, (counts, total)
        label = cells.first.get_attribute("alt") or cells.first.get_attribute("title") or ""
        assert str(counts[0]) in label, "each cell says in words how many places it holds"
        assert_accessible(page, "map with grid cells")
        for _ in range(6):  # choose the largest cell until the view holds few enough pins
            if page.locator(".pin-cell").count() == 0:
                break
            with page.expect_response(lambda r: "/pins/grid.json" in r.url):
                page.locator(".pin-cell").first.click()
            page.wait_for_timeout(300)
        page.wait_for_selector(".leaflet-marker-icon:not(.pin-cell)", timeout=15000)
        assert page.locator(".pin-cell").count() == 0, "close up: pins, not cells"
    finally:
        app.config["MAP_POINTS_LIMIT"] = 5000
        with app.app_context():
            db.session.execute(sa.delete(Pin).where(Pin.id.in_(added)))
            db.session.commit()
