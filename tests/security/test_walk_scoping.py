"""A walk leader sees only their own walks and join codes; admins ask for "all" explicitly."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from surveyapp.auth.models import User
from surveyapp.db import db
from surveyapp.geo.models import Area
from surveyapp.walks.models import Walk


def _walk(app, leader_email: str, code: str, meeting_point: str) -> int:
    with app.app_context():
        area = db.session.scalar(select(Area).where(Area.code == "W1"))
        if area is None:
            area = Area(code="W1", name="Åby", kind="district")
            db.session.add(area)
            db.session.flush()
        leader = db.session.scalar(select(User).where(User.email == leader_email))
        walk = Walk(area_id=area.id, date=date(2026, 11, 20), meeting_point=meeting_point,
                    leader_id=leader.id, join_code=code, status="open")
        db.session.add(walk)
        db.session.commit()
        return walk.id


def test_leaders_see_only_their_own_walks_and_codes(app, log_in):
    anna = log_in(app.test_client(), ["walk_leader"], "anna@kommun.se")
    bo = log_in(app.test_client(), ["walk_leader"], "bo@kommun.se")
    annas = _walk(app, "anna@kommun.se", "ANNA22", "Annas torg")
    bos = _walk(app, "bo@kommun.se", "BOBO33", "Bos park")

    listing = bo.get("/staff/walks").get_data(as_text=True)
    assert "Bos park" in listing and "Annas torg" not in listing
    assert "BOBO33" in bo.get(f"/staff/walks/{bos}").get_data(as_text=True)
    for path in (f"/staff/walks/{annas}", f"/staff/walks/{annas}/protocol",
                 f"/staff/walks/{annas}.csv", f"/staff/walks/{annas}.geojson"):
        response = bo.get(path)
        assert response.status_code == 404, path
        assert "ANNA22" not in response.get_data(as_text=True)
    assert bo.get("/staff/walks?all=1").get_data(as_text=True).count("Annas torg") == 0
    assert "ANNA22" in anna.get(f"/staff/walks/{annas}").get_data(as_text=True)


def test_action_owners_follow_up_every_walk_without_its_code(app, log_in):
    log_in(app.test_client(), ["walk_leader"], "anna@kommun.se")
    annas = _walk(app, "anna@kommun.se", "ANNA22", "Annas torg")
    owner = log_in(app.test_client(), ["action_owner"])
    assert "Annas torg" in owner.get("/staff/walks").get_data(as_text=True)
    page = owner.get(f"/staff/walks/{annas}")
    assert page.status_code == 200 and "ANNA22" not in page.get_data(as_text=True)


def test_admins_see_their_own_walks_unless_they_ask_for_all(app, log_in):
    log_in(app.test_client(), ["walk_leader"], "anna@kommun.se")
    annas = _walk(app, "anna@kommun.se", "ANNA22", "Annas torg")
    admin = log_in(app.test_client(), ["admin"])
    mine = admin.get("/staff/walks").get_data(as_text=True)
    assert "Annas torg" not in mine and "?all=1" in mine
    assert "Annas torg" in admin.get("/staff/walks?all=1").get_data(as_text=True)
    assert "ANNA22" in admin.get(f"/staff/walks/{annas}").get_data(as_text=True)
