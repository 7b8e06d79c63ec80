"""Actions: from observations and approved pins to the public page /atgarder."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from surveyapp.actions.models import Action
from surveyapp.db import db
from surveyapp.dialogue.models import Pin
from tests.surveyapp.test_walks_routes import area_id, create_walk, join, observe, token

ACTION = {"title": "Ny belysning i tunneln", "description": "Intern anteckning",
          "status": "planned", "rejection_reason": "",
          "due": "2026-12-31", "public_feedback": "Lamporna byts i december.", "area": ""}


@pytest.fixture(autouse=True)
def owner_organisation(app) -> int:
    """The default action owner (``action_owner@kommun.se``) works for Gatuenheten."""
    from surveyapp.auth.models import User
    from surveyapp.organisations.models import Organisation, OrganisationMember

    with app.app_context():
        organisation = Organisation(name="Gatuenheten", kind="forvaltning")
        user = User(email="action_owner@kommun.se", roles=["action_owner"], password_hash="-")
        db.session.add_all([organisation, user])
        db.session.flush()
        db.session.add(OrganisationMember(user_id=user.id, organisation_id=organisation.id))
        db.session.commit()
        ACTION["organisation"] = str(organisation.id)
        return organisation.id


def observation_id(app, log_in) -> int:
    """An observation recorded on a new walk."""
    leader = log_in(app.test_client(), ["walk_leader"], "leader@example.se")
    _walk_id, code = create_walk(app, leader)
    participant = app.test_client()
    join(participant, code)
    assert observe(participant).status_code == 303
    with app.app_context():
        from surveyapp.walks.models import Observation

        return db.session.scalar(select(Observation.id))


def pin_id(app, status: str) -> int:
    with app.app_context():
        pin = Pin(source="dialogue", lat=57.64, lng=14.67, area_id=area_id(app),
                  category="belysning", status=status, flags=[], comment="Mörkt här",
                  created_on=date(2026, 11, 1))
        db.session.add(pin)
        db.session.commit()
        return pin.id


def create(owner, query: str, **fields):
    html = owner.get(f"/staff/actions/new{query}").text
    return owner.post("/staff/actions/new",
                      data={"csrf_token": token(html), **ACTION, **fields,
                            **_links(query)})


def _links(query: str) -> dict:
    from urllib.parse import parse_qs

    return {key: values for key, values in parse_qs(query.lstrip("?")).items()}


def actions_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Action))


def test_action_from_an_observation_appears_on_the_public_page(app, log_in):
    observation = observation_id(app, log_in)
    owner = log_in(app.test_client(), ["action_owner"])
    form = owner.get(f"/staff/actions/new?observation={observation}").text
    assert "Mörk gångtunnel" in form and f'value="{observation}"' in form
    response = create(owner, f"?observation={observation}")
    assert response.status_code == 302, response.text
    with app.app_context():
        action = db.session.scalar(select(Action))
        assert [item.id for item in action.observations] == [observation]
        assert action.area_id == area_id(app), "the area comes from the walk"
    page = app.test_client().get("/atgarder?lang=sv").text
    assert "Ny belysning i tunneln" in page and "Lamporna byts i december." in page
    assert "Planerad" in page, "status in words"
    assert "Intern anteckning" not in page, "the staff description stays internal"
    english = app.test_client().get("/atgarder?lang=en").text
    assert "Planned" in english and "Gatuenheten" in english


def test_action_from_an_approved_pin_and_area_filter(app, log_in):
    approved = pin_id(app, "approved")
    owner = log_in(app.test_client(), ["action_owner"])
    assert create(owner, f"?pin={approved}", title="Klipp buskar").status_code == 302
    other_area = area_id(app, "0682R002")
    assert create(owner, "", title="Mer nattvandring", area=str(other_area)).status_code == 302
    with app.app_context():
        action = db.session.scalar(select(Action).where(Action.title == "Klipp buskar"))
        assert [pin.id for pin in action.pins] == [approved]
    everything = app.test_client().get("/atgarder").text
    assert "Klipp buskar" in everything and "Mer nattvandring" in everything
    only = app.test_client().get("/atgarder?area=0682R002").text
    assert "Mer nattvandring" in only and "Klipp buskar" not in only


def test_pending_or_unknown_links_are_refused(app, log_in):
    pending = pin_id(app, "pending")
    owner = log_in(app.test_client(), ["action_owner"])
    for query in (f"?pin={pending}", "?observation=987654"):
        response = create(owner, query)
        assert response.status_code == 422, query
        assert 'href="#links"' in response.text
    assert actions_count(app) == 0


def test_rejected_needs_a_reason_and_bad_input_stores_nothing(app, log_in):
    owner = log_in(app.test_client(), ["action_owner"])
    cases = [
        ({"status": "rejected", "rejection_reason": ""}, "rejection_reason"),
        ({"status": "cancelled"}, "status"),
        ({"organisation": "999999"}, "organisation"),
        ({"title": ""}, "title"),
        ({"public_feedback": "z" * 10_000}, "public_feedback"),
        ({"due": "snart"}, "due"),
        ({"area": "999999"}, "area"),
    ]
    for fields, field in cases:
        response = create(owner, "", **fields)
        assert response.status_code == 422, fields
        assert f'href="#{field}"' in response.text, fields
    assert actions_count(app) == 0
    ok = create(owner, "", status="rejected", rejection_reason="Marken är privat.")
    assert ok.status_code == 302
    page = app.test_client().get("/atgarder?lang=sv").text
    assert "Genomförs inte" in page and "Marken är privat." in page


def test_update_status_and_feedback_escaped(app, log_in):
    owner = log_in(app.test_client(), ["action_owner"])
    create(owner, "")
    with app.app_context():
        action_id = db.session.scalar(select(Action.id))
    html = owner.get(f"/staff/actions/{action_id}").text
    assert 'value="Ny belysning i tunneln"' in html
    evil = "<script>alert(1)</script> Klart!"
    response = owner.post(f"/staff/actions/{action_id}",
                          data={"csrf_token": token(html), **ACTION, "status": "done",
                                "public_feedback": evil})
    assert response.status_code == 302
    page = app.test_client().get("/atgarder?lang=sv").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Klart!" in page and "Klar" in page


def test_staff_action_routes_refuse_anonymous_and_other_roles(app, log_in):
    anonymous = app.test_client()
    for path in ("/staff/actions", "/staff/actions/new", "/staff/actions/1"):
        response = anonymous.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    leader = log_in(app.test_client(), ["walk_leader"])
    assert leader.get("/staff/actions/new").status_code == 403
    assert app.test_client().get("/atgarder").status_code == 200


def test_moderator_approved_pin_becomes_an_action_on_the_public_page(app, log_in):
    from surveyapp.dialogue.services import moderate

    pending = pin_id(app, "pending")
    owner = log_in(app.test_client(), ["action_owner"])
    assert create(owner, f"?pin={pending}").status_code == 422, "not before moderation"
    with app.app_context():
        moderate(db.session.get(Pin, pending), "approve", None)
        db.session.commit()
    form = owner.get("/staff/actions/new").text
    assert f'id="pin-{pending}"' in form, "approved pins are offered"
    response = create(owner, f"?pin={pending}", title="Belysning vid markeringen",
                      public_feedback="Två nya lampor är uppsatta.", status="done")
    assert response.status_code == 302
    page = app.test_client().get("/atgarder?lang=sv").text
    assert "Belysning vid markeringen" in page and "Två nya lampor är uppsatta." in page
    assert "data-features=" in page and "14.67" in page, "the pin's place is on the map data"
