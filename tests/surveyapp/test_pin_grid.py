"""The public map at scale: pins per grid cell for zoomed-out views, points for a zoomed-in view,
and a version (ETag) that changes with what the map shows."""

from __future__ import annotations

import math
import random
from collections import Counter
from datetime import date

import numpy as np
import pytest
from sqlalchemy import select

from surveyapp.db import db
from surveyapp.dialogue.models import Dialogue, Pin, PinStatus
from surveyapp.dialogue.pin_tiles import CELL_PX, PinArrays, grid_cells, in_view
from tests.surveyapp.test_dialogue_pins import MAP, SLUG, make_dialogue

# Centrum and Norrmalm of the demo grid (test_dialogue_pins): lat 57.63–57.65, lng 14.66–14.72
WHOLE = "14.6,57.6,14.8,57.7"


def _brute_force_cell(lat: float, lng: float, zoom: int) -> tuple[int, int]:
    """The slippy-map pixel of a point (OpenStreetMap wiki's formula) divided into cells."""
    n = 2 ** zoom * 256
    x = (lng + 180) / 360 * n
    y = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n
    return int(x // CELL_PX), int(y // CELL_PX)


def _arrays(points: list[tuple[float, float]]) -> PinArrays:
    size = len(points)
    return PinArrays(ids=np.arange(1, size + 1), lat=np.array([p[0] for p in points]),
                     lng=np.array([p[1] for p in points]), category=np.zeros(size, dtype=int),
                     me_too=np.zeros(size, dtype=int), has_comment=np.zeros(size, dtype=bool),
                     codes=("belysning",))


@pytest.mark.parametrize("zoom", [8, 12, 15])
def test_cells_match_a_brute_force_count_per_map_cell(zoom):
    rng = random.Random(zoom)
    points = [(57.63 + rng.random() * 0.02, 14.66 + rng.random() * 0.06) for _ in range(3000)]
    expected: dict[tuple[int, int], list[tuple[float, float]]] = {}
    for lat, lng in points:
        expected.setdefault(_brute_force_cell(lat, lng, zoom), []).append((lat, lng))
    pins = _arrays(points)
    cells = grid_cells(pins, zoom, in_view(pins, None))
    assert sum(count for _, _, count in cells) == len(points)
    assert sorted(count for _, _, count in cells) == sorted(len(v) for v in expected.values())
    for lat, lng, count in cells:
        members = expected[_brute_force_cell(lat, lng, zoom)]  # the mean lies in its own cell
        assert len(members) == count
        assert lat == pytest.approx(sum(p[0] for p in members) / count, abs=1e-5)
        assert lng == pytest.approx(sum(p[1] for p in members) / count, abs=1e-5)
    assert [c[2] for c in cells] == sorted((c[2] for c in cells), reverse=True)


def test_only_pins_inside_the_view_are_counted():
    points = [(57.64, 14.67), (57.64, 14.671), (57.64, 14.71)]
    pins = _arrays(points)
    cells = grid_cells(pins, 10, in_view(pins, (14.66, 57.63, 14.69, 57.65)))
    assert sum(c[2] for c in cells) == 2


def _seed(app, count: int, status: str = PinStatus.APPROVED) -> None:
    rng = random.Random(count)
    with app.app_context():
        dialogue = db.session.scalar(select(Dialogue).where(Dialogue.slug == SLUG))
        db.session.add_all(
            Pin(dialogue_id=dialogue.id, lat=57.63 + rng.random() * 0.02,
                lng=14.66 + rng.random() * 0.06, category="belysning", status=status,
                created_on=date.today())
            for _ in range(count))
        db.session.commit()


@pytest.fixture
def dialogue(app):
    make_dialogue(app)
    return SLUG


def test_a_view_with_few_pins_gets_the_pins_and_a_crowded_one_gets_cells(app, client, dialogue):
    _seed(app, 40)
    app.config["MAP_POINTS_LIMIT"] = 10
    try:
        wide = client.get(f"{MAP}/pins/grid.json?zoom=12&bbox={WHOLE}").get_json()
        assert wide["total"] == wide["in_view"] == 40 and "pins" not in wide
        assert sum(cell[2] for cell in wide["cells"]) == 40
        _, lat, lng, *_ = client.get(f"{MAP}/pins.json").get_json()["pins"][0]  # looked at closely
        box = f"{lng - 0.0005:.5f},{lat - 0.0005:.5f},{lng + 0.0005:.5f},{lat + 0.0005:.5f}"
        close = client.get(f"{MAP}/pins/grid.json?zoom=19&bbox={box}").get_json()
        assert 1 <= close["in_view"] <= 10 and len(close["pins"]) == close["in_view"]
        assert close["categories"] == client.get(f"{MAP}/pins.json").get_json()["categories"]
    finally:
        app.config["MAP_POINTS_LIMIT"] = 5000


@pytest.mark.parametrize("query", ["zoom=99&bbox=" + WHOLE, "zoom=x&bbox=" + WHOLE,
                                   "zoom=12&bbox=1,2,3", "zoom=12&bbox=20,0,10,5",
                                   "zoom=12&bbox=nan,0,1,1", "zoom=12"])
def test_a_view_that_is_not_one_gets_400_with_the_reason(client, dialogue, query):
    answer = client.get(f"{MAP}/pins/grid.json?{query}")
    assert answer.status_code == 400
    assert answer.get_json()["error"]


def test_pending_pins_are_never_counted(app, client, dialogue):
    _seed(app, 5, PinStatus.PENDING)
    assert client.get(f"{MAP}/pins/grid.json?zoom=12&bbox={WHOLE}").get_json()["in_view"] == 0


def test_the_version_answers_304_until_the_map_changes(app, client, dialogue):
    _seed(app, 3)
    first = client.get(f"{MAP}/pins.json")
    etag = first.headers["ETag"].strip('"')
    again = client.get(f"{MAP}/pins.json", headers={"If-None-Match": f'"{etag}"'})
    assert again.status_code == 304 and again.data == b""
    gzipped_tag = client.get(f"{MAP}/pins.json", headers={"If-None-Match": f'"{etag}-gzip"'})
    assert gzipped_tag.status_code == 304, "the gzipped copy's validator names the same version"
    with app.app_context():
        pin = db.session.scalar(select(Pin).order_by(Pin.id))
        pin.me_too += 1
        db.session.commit()
    changed = client.get(f"{MAP}/pins.json", headers={"If-None-Match": f'"{etag}"'})
    assert changed.status_code == 200 and changed.headers["ETag"].strip('"') != etag
    grid = client.get(f"{MAP}/pins/grid.json?zoom=12&bbox={WHOLE}")
    assert grid.headers["ETag"] == changed.headers["ETag"]
    assert Counter(row[4] for row in changed.get_json()["pins"])[1] == 1


def test_pins_json_marks_only_pins_with_a_written_comment(app, client, dialogue):
    with app.app_context():
        found = db.session.scalar(select(Dialogue).where(Dialogue.slug == SLUG))
        db.session.add_all(
            Pin(dialogue_id=found.id, lat=57.64, lng=14.67, category="belysning", comment=text,
                status=PinStatus.APPROVED, created_on=date.today())
            for text in (None, "", "Mörkt vid busshållplatsen"))
        db.session.commit()
    rows = client.get(f"{MAP}/pins.json").get_json()["pins"]
    assert [row[5] for row in rows] == [0, 0, 1]


def test_erasing_a_text_changes_the_version(app, client, dialogue):
    with app.app_context():
        found = db.session.scalar(select(Dialogue).where(Dialogue.slug == SLUG))
        db.session.add(Pin(dialogue_id=found.id, lat=57.64, lng=14.67, category="belysning",
                           comment="Mitt namn är Anna", status=PinStatus.APPROVED,
                           created_on=date.today()))
        db.session.commit()
    before = client.get(f"{MAP}/pins.json")
    assert before.get_json()["pins"][0][5] == 1
    with app.app_context():
        from surveyapp.retention import erase_text

        assert erase_text("Mitt namn är Anna") == 1
        db.session.commit()
    after = client.get(f"{MAP}/pins.json", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and after.get_json()["pins"][0][5] == 0
