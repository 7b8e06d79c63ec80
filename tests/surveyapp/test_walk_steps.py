"""Walks as the methods describe them: the three steps, the checklist per stop, the light and
time, and observation numbers that start at 1 on every walk."""

from __future__ import annotations

import csv
import io
import json
import threading
from datetime import date, datetime

import pytest
from sqlalchemy import select

from surveyapp.actions.models import Action
from surveyapp.db import db
from surveyapp.geo.models import Area
from surveyapp.organisations.models import Organisation
from surveyapp.walks.exports import CSV_COLUMNS, walk_csv, walk_geojson
from surveyapp.walks.models import CHECKLIST, Observation, Walk
from surveyapp.walks.services import add_observation
from surveyapp.walks.steps import Step, step_states
from tests.surveyapp.test_walks_routes import (
    count_observations,
    create_walk,
    join,
    observe,
    token,
)

VALUES = {"category": "belysning", "description": "Mörkt", "severity": 2, "lat": None,
          "lng": None, "place_description": "Torget"}


def _two_walks(app, codes=("WALKA1", "WALKB2")) -> list[int]:
    with app.app_context():
        area = Area(code="S1", name="Söder", kind="district")
        db.session.add(area)
        db.session.flush()
        walks = [Walk(area_id=area.id, date=date(2026, 11, 20), meeting_point="Torget",
                      join_code=code, status="open") for code in codes]
        db.session.add_all(walks)
        db.session.commit()
        return [walk.id for walk in walks]


def _numbers(app, walk_id: int) -> list[int]:
    with app.app_context():
        return list(db.session.scalars(select(Observation.number)
                                       .where(Observation.walk_id == walk_id)
                                       .order_by(Observation.id)))


def test_two_walks_both_number_from_one(app):
    first, second = _two_walks(app)
    with app.test_request_context():
        for walk_id in (first, second, first, first, second):
            add_observation(db.session.get(Walk, walk_id), VALUES)
        db.session.commit()
    assert _numbers(app, first) == [1, 2, 3]
    assert _numbers(app, second) == [1, 2]


def test_observations_added_directly_are_numbered_too(app):
    """The demo, imports and tests add rows without the service: the flush numbers them, and a
    walk created in the same flush counts from 1."""
    [walk_id] = _two_walks(app, codes=("WALKC3",))
    with app.app_context():
        db.session.add_all([Observation(walk_id=walk_id, category="annat", description=str(n),
                                        severity=1) for n in range(3)])
        area = db.session.scalar(select(Area))
        new = Walk(area_id=area.id, date=date(2026, 11, 21), meeting_point="Skolan",
                   join_code="WALKD4", status="open",
                   observations=[Observation(category="annat", description="a", severity=1),
                                 Observation(category="annat", description="b", severity=1)])
        db.session.add(new)
        db.session.commit()
        assert [item.number for item in new.observations] == [1, 2]
        assert new.observation_count == 2
    assert _numbers(app, walk_id) == [1, 2, 3]


@pytest.mark.commits
def test_simultaneous_observations_get_different_numbers(app):
    """One participant's transaction holds its number uncommitted while another saves: the
    second waits for the first and takes the next number (MAX(number) + 1 would give both 1)."""
    [walk_id] = _two_walks(app, codes=("WALKE5",))
    first_flushed, release = threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def slow() -> None:
        try:
            with app.test_request_context():
                add_observation(db.session.get(Walk, walk_id), VALUES)
                first_flushed.set()
                release.wait(10)
                db.session.commit()
        except BaseException as error:  # reported in the main thread
            failures.append(error)
            first_flushed.set()

    def quick() -> None:
        try:
            with app.test_request_context():
                add_observation(db.session.get(Walk, walk_id), VALUES)
                db.session.commit()
        except BaseException as error:
            failures.append(error)

    holder = threading.Thread(target=slow)
    holder.start()
    assert first_flushed.wait(10)
    others = [threading.Thread(target=quick) for _ in range(4)]
    for thread in others:
        thread.start()
    threading.Timer(0.5, release.set).start()
    for thread in [holder, *others]:
        thread.join(30)
    assert failures == []
    assert sorted(_numbers(app, walk_id)) == [1, 2, 3, 4, 5]
    with app.app_context():
        assert db.session.get(Walk, walk_id).observation_count == 5


def test_the_steps_follow_each_other(app):
    [walk_id] = _two_walks(app, codes=("WALKF6",))
    with app.app_context():
        walk = db.session.get(Walk, walk_id)
        assert [(s.step, s.done, s.current) for s in step_states(walk)] == [
            (Step.PLANNING, False, True), (Step.WALK, False, False),
            (Step.FOLLOW_UP, False, False)]
        walk.purpose = "Kartlägga vägen till skolan"
        assert [s.current for s in step_states(walk)] == [False, True, False]
        walk.status = "closed"
        walk.follow_up_date = date(2026, 12, 10)
        assert all(s.done and not s.current for s in step_states(walk))


def _organisations_and_action(app, area_code: str = "0682R001") -> tuple[list[int], int]:
    with app.app_context():
        organisations = [Organisation(name="Polisen i Nässjö", kind="police"),
                         Organisation(name="Tekniska kontoret", kind="municipality")]
        db.session.add_all(organisations)
        db.session.flush()
        area = db.session.scalar(select(Area).where(Area.code == area_code))
        action = Action(title="Byt lamporna i tunneln", organisation_id=organisations[1].id,
                        area_id=area.id, updated_on=date(2026, 11, 22))
        db.session.add(action)
        db.session.commit()
        return [item.id for item in organisations], action.id


def test_planning_and_follow_up_are_stored_on_the_walk(app, log_in):
    leader = log_in(app.test_client(), ["walk_leader"])
    walk_id, _code = create_walk(app, leader)
    organisation_ids, action_id = _organisations_and_action(app)
    page = leader.get(f"/staff/walks/{walk_id}/planning?lang=en")
    assert page.status_code == 200 and "Polisen i Nässjö" in page.text
    response = leader.post(f"/staff/walks/{walk_id}/planning", data={
        "csrf_token": token(page.text), "planning_date": "2026-11-10",
        "purpose": "Vägen till skolan", "invitee": [str(i) for i in organisation_ids],
        "other_invitees": "Elevrådet", "planning_notes": "Start vid skolan"})
    assert response.status_code == 303  # post/redirect/get (surveyapp.prg)
    page = leader.get(f"/staff/walks/{walk_id}/follow-up?lang=en")
    assert "Byt lamporna i tunneln" in page.text
    response = leader.post(f"/staff/walks/{walk_id}/follow-up", data={
        "csrf_token": token(page.text), "follow_up_date": "2026-12-01",
        "follow_up_notes": "Gick igenom alla punkter", "action": str(action_id)})
    assert response.status_code == 303
    with app.app_context():
        walk = db.session.get(Walk, walk_id)
        assert walk.purpose == "Vägen till skolan" and walk.planning_date == date(2026, 11, 10)
        assert sorted(item.id for item in walk.invitees) == sorted(organisation_ids)
        assert walk.other_invitees == "Elevrådet"
        assert [item.id for item in walk.agreed_actions] == [action_id]
        assert walk.follow_up_date == date(2026, 12, 1)
    steps = leader.get(f"/staff/walks/{walk_id}?lang=en").text
    assert steps.count('class="step step-done') == 2 and 'aria-current="step"' in steps
    protocol = leader.get(f"/staff/walks/{walk_id}/protocol?lang=en").text
    assert "Vägen till skolan" in protocol and "Elevrådet" in protocol
    assert "Byt lamporna i tunneln" in protocol


@pytest.mark.parametrize(("path", "fields", "field", "words"), [
    ("planning", {"purpose": ""}, "purpose", "Skriv vad vandringen"),
    ("planning", {"planning_date": "10/11/2026"}, "planning_date", "ÅÅÅÅ-MM-DD"),
    ("planning", {"invitee": "999999"}, "invitee", "organisationer"),
    ("planning", {"other_invitees": "x" * 501}, "other_invitees", "för lång"),
    ("follow-up", {"action": "999999"}, "action", "åtgärder"),
    ("follow-up", {"follow_up_date": "i morgon"}, "follow_up_date", "ÅÅÅÅ-MM-DD"),
])
def test_bad_step_forms_name_the_field_and_store_nothing(app, log_in, path, fields, field,
                                                         words):
    leader = log_in(app.test_client(), ["walk_leader"])
    walk_id, _code = create_walk(app, leader)
    organisation_ids, action_id = _organisations_and_action(app)
    page = leader.get(f"/staff/walks/{walk_id}/{path}?lang=sv")
    data = {"csrf_token": token(page.text), "purpose": "Vägen till skolan",
            "invitee": str(organisation_ids[0]), "action": str(action_id),
            "follow_up_date": "2026-12-01", **fields}
    response = leader.post(f"/staff/walks/{walk_id}/{path}?lang=sv", data=data)
    assert response.status_code == 422
    assert f'href="#{field}"' in response.text and words in response.text
    with app.app_context():
        walk = db.session.get(Walk, walk_id)
        assert walk.purpose == "" and walk.invitees == [] and walk.agreed_actions == []
        assert walk.follow_up_date is None


def test_only_the_walks_leader_edits_its_steps(app, log_in):
    leader = log_in(app.test_client(), ["walk_leader"], email="leader@kommun.se")
    walk_id, _code = create_walk(app, leader)
    other = log_in(app.test_client(), ["walk_leader"], email="other@kommun.se")
    assert other.get(f"/staff/walks/{walk_id}/planning").status_code == 404
    owner = log_in(app.test_client(), ["action_owner"])
    assert owner.get(f"/staff/walks/{walk_id}/follow-up").status_code in (302, 403)


def test_checklist_light_and_time_are_stored_and_exported(app, log_in, monkeypatch):
    leader = log_in(app.test_client(), ["walk_leader"])
    walk_id, code = create_walk(app, leader)
    participant = app.test_client()
    join(participant, code)
    form = participant.get("/vandring/observera?lang=sv").text
    assert form.count('name="score_') == len(CHECKLIST) * 6, "1–5 and 'not scored' each"
    response = observe(participant, light="dusk", score_lighting="1", score_people="2",
                       score_feeling="")
    assert response.status_code == 303
    observe(participant, place_description="Bron", lat="", lng="")
    with app.app_context():
        first, second = db.session.scalars(
            select(Observation).where(Observation.walk_id == walk_id)
            .order_by(Observation.number)).all()
        assert (first.number, second.number) == (1, 2)
        assert first.scores == {"lighting": 1, "people": 2} and first.light == "dusk"
        assert second.scores == {} and second.light is None
        assert isinstance(first.observed_at, datetime) and first.observed_at.second == 0
        walk = db.session.get(Walk, walk_id)
        rows = list(csv.DictReader(io.StringIO(walk_csv(walk, "sv").lstrip("\ufeff")),
                                   delimiter=";"))
        features = walk_geojson(walk, "sv")["features"]
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert (rows[0]["number"], rows[0]["light"], rows[0]["score_lighting"],
            rows[0]["score_people"], rows[0]["score_feeling"]) == ("1", "dusk", "1", "2", "")
    assert rows[0]["observed_at"] == first.observed_at.strftime("%Y-%m-%dT%H:%M")
    assert rows[1]["number"] == "2" and rows[1]["score_lighting"] == ""
    assert features[0]["properties"]["number"] == 1
    assert features[0]["properties"]["scores"] == {"lighting": 1, "people": 2}
    protocol = leader.get(f"/staff/walks/{walk_id}/protocol?lang=sv").text
    assert 'id="observation-1"' in protocol and 'id="observation-2"' in protocol
    assert "Belysning: 1" in protocol and "Skymning" in protocol
    assert "Checklistan över hela vandringen" in protocol and "1 – Mycket dåligt" in protocol
    data = json.loads(protocol.split('data-features="', 1)[1].split('"', 1)[0]
                      .replace("&#34;", '"').replace("&quot;", '"'))
    assert [f["properties"].get("number") for f in data["features"]
            if f["properties"]["kind"] == "observation"] == [1, 2]


@pytest.mark.parametrize(("fields", "field", "words"), [
    ({"score_lighting": "6"}, "score_lighting", "Belysning"),
    ({"score_ways_out": "0"}, "score_ways_out", "Vägar ut"),
    ({"score_people": "two"}, "score_people", "Folk i närheten"),
    ({"light": "noon"}, "light", "dagsljus"),
])
def test_bad_checklist_answers_name_the_field_and_store_nothing(app, log_in, fields, field,
                                                                words):
    leader = log_in(app.test_client(), ["walk_leader"])
    _walk_id, code = create_walk(app, leader)
    participant = app.test_client()
    join(participant, code)
    participant.get("/vandring?lang=sv")
    response = observe(participant, score_visibility="4", **fields)
    assert response.status_code == 422
    summary = response.text.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert words in summary
    assert f'id="{field}-error"' in response.text or field == "light"
    assert 'id="score_visibility-4" name="score_visibility" value="4" checked' in response.text
    assert count_observations(app) == 0


def test_checklist_summary_matches_a_count_by_hand():
    """Median and lowest per parameter against a sorted list worked out by hand; unscored
    parameters and old observations without scores are left out."""
    from surveyapp.walks.checklist import checklist_summary

    stops = [Observation(number=1, scores={"lighting": 1, "people": 4}),
             Observation(number=2, scores={"lighting": 3}),
             Observation(number=3, scores=None),
             Observation(number=4, scores={"lighting": 1, "people": 5}),
             Observation(number=5, scores={"lighting": 4})]
    summary = {row.parameter: row for row in checklist_summary(stops)}
    assert list(summary) == ["lighting", "people"], "checklist order, scored ones only"
    # lighting: 1, 1, 3, 4 -> median (1 + 3) / 2 = 2.0, lowest 1 at stops 1 and 4
    assert (summary["lighting"].count, summary["lighting"].median) == (4, 2.0)
    assert (summary["lighting"].lowest, summary["lighting"].lowest_numbers) == (1, (1, 4))
    # people: 4, 5 -> median 4.5, lowest 4 at stop 1
    assert (summary["people"].count, summary["people"].median, summary["people"].lowest,
            summary["people"].lowest_numbers) == (2, 4.5, 4, (1,))
