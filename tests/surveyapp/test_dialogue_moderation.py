"""Moderation: only moderators; approve, approve without text, reject; rejected text never public."""

from __future__ import annotations

import pytest

from surveyapp.db import db
from surveyapp.dialogue.models import Pin
from tests.conftest import csrf_token
from tests.surveyapp.test_dialogue_pins import IN_NORRMALM, MAP, make_dialogue, pins, post_pin


@pytest.fixture
def waiting(app, client):
    """A dialogue with one pending pin whose comment holds a phone number."""
    make_dialogue(app)
    post_pin(client, comment="Ring Kalle på 070-123 45 67, lampan är trasig", **IN_NORRMALM)
    return pins(app)[0].id


def decide(client, pin_id, decision, reason=""):
    token = csrf_token(client, MAP)
    return client.post(f"/staff/moderation/{pin_id}",
                       data={"csrf_token": token, "decision": decision, "reason": reason})


def test_anonymous_and_other_roles_are_refused(app, client, waiting, log_in):
    assert client.get("/staff/moderation").status_code == 302
    response = client.post(f"/staff/moderation/{waiting}", data={"decision": "approve"})
    assert response.status_code in (302, 400)
    log_in(client, ["analyst"], "mod@kommun.se")
    assert client.get("/staff/moderation").status_code == 403
    assert pins(app)[0].status == "pending"


def test_queue_shows_text_and_flags(app, client, waiting, log_in):
    log_in(client, ["moderator"], "mod@kommun.se")
    html = client.get("/staff/moderation?lang=en").get_data(as_text=True)
    assert "070-123 45 67" in html
    assert "May contain personal data:" in html and "a phone number" in html


def test_approve_makes_pin_and_comment_public(app, client, waiting, log_in):
    from surveyapp.auth.models import AuditEvent

    log_in(client, ["moderator"], "mod@kommun.se")
    assert decide(client, waiting, "approve").status_code == 302
    with app.app_context():
        events = [(e.email, e.action, e.object) for e in db.session.scalars(db.select(AuditEvent))
                  if e.action.startswith("pin_")]
    assert events == [("mod@kommun.se", "pin_approve", f"pin {waiting}")]
    detail = client.get(f"{MAP}/pins/{waiting}.json").get_json()
    assert "lampan är trasig" in detail["comment"]
    assert [row[0] for row in client.get(f"{MAP}/pins.json").get_json()["pins"]] == [waiting]
    assert "Nothing is waiting" in client.get("/staff/moderation?lang=en").get_data(as_text=True)


def test_approve_without_text_deletes_the_text(app, client, waiting, log_in):
    log_in(client, ["moderator"], "mod@kommun.se")
    decide(client, waiting, "approve_without_text")
    [pin] = pins(app)
    assert pin.status == "approved" and pin.comment is None and pin.flags == []
    assert client.get(f"{MAP}/pins/{waiting}.json").get_json()["comment"] is None


def test_reject_keeps_reason_deletes_text_and_never_shows(app, client, waiting, log_in):
    log_in(client, ["moderator"], "mod@kommun.se")
    decide(client, waiting, "reject", reason="Personuppgifter")
    [pin] = pins(app)
    assert (pin.status, pin.comment, pin.reject_reason) == ("rejected", None, "Personuppgifter")
    assert client.get(f"{MAP}/pins/{waiting}.json").status_code == 404
    assert client.get(f"{MAP}/pins.json").get_json()["pins"] == []
    assert "070-123" not in client.get(MAP).get_data(as_text=True)
    assert decide(client, waiting, "approve").status_code == 404


def test_unknown_decision_changes_nothing(app, client, waiting, log_in):
    log_in(client, ["moderator"], "mod@kommun.se")
    assert decide(client, waiting, "publish-everything").status_code == 400
    with app.app_context():
        assert db.session.get(Pin, waiting).status == "pending"
