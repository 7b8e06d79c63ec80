"""Organisations: admin pages (validated), membership, and action owners scoped to theirs."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from surveyapp.actions.models import Action, ActionStatusChange
from surveyapp.db import db
from surveyapp.organisations.models import Organisation
from surveyapp.organisations.services import organisation_id_of
from tests.conftest import csrf_token
from tests.surveyapp.cycle_data import member, organisation


def _action(app, title: str, organisation_id: int) -> int:
    with app.app_context():
        action = Action(title=title, organisation_id=organisation_id, status="planned",
                        updated_on=date(2026, 11, 1))
        db.session.add(action)
        db.session.commit()
        return action.id


def _count(app) -> int:
    """Organisations besides the six that migration 0013 made of the old actor codes."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Organisation)) - 6


def test_admin_creates_renames_and_deletes_an_organisation(app, client, log_in):
    admin = log_in(client, ["admin"])
    token = csrf_token(admin, "/staff/organisations")
    created = admin.post("/staff/organisations", data={
        "csrf_token": token, "name": "Räddningstjänsten Syd", "kind": "raddningstjanst",
        "report_every_weeks": "2"})
    assert created.status_code == 303
    with app.app_context():
        found = db.session.scalar(select(Organisation).where(Organisation.id > 6))
        assert (found.name, found.kind, found.report_every_weeks) == (
            "Räddningstjänsten Syd", "raddningstjanst", 2)
        organisation_id = found.id
    renamed = admin.post(f"/staff/organisations/{organisation_id}", data={
        "csrf_token": token, "name": "Räddningstjänsten", "kind": "raddningstjanst",
        "report_every_weeks": "0"})
    assert renamed.status_code == 303
    assert admin.post(f"/staff/organisations/{organisation_id}/delete",
                      data={"csrf_token": token}).status_code == 303
    assert _count(app) == 0


@pytest.mark.parametrize(("fields", "message"), [
    ({"name": ""}, "Ge organisationen ett namn."),
    ({"kind": "kungahuset"}, "Välj en sorts organisation i listan."),
    ({"report_every_weeks": "3"}, "Välj hur ofta organisationen rapporterar."),
    ({"name": "Lokalpolisområde Nässjö"}, "Det finns redan en organisation med det namnet."),
])
def test_a_wrong_organisation_form_is_refused_with_a_translated_message(
        app, client, log_in, fields, message):
    organisation(app, "Lokalpolisområde Nässjö", "lokalpolisomrade")
    admin = log_in(client, ["admin"])
    data = {"csrf_token": csrf_token(admin, "/staff/organisations"), "name": "Skolan",
            "kind": "skola", "report_every_weeks": "0", **fields}
    response = admin.post("/staff/organisations?lang=sv", data=data)
    assert response.status_code == 422
    assert message in response.text
    assert _count(app) == 1, "nothing stored"


def test_an_organisation_with_actions_cannot_be_deleted(app, client, log_in):
    police = organisation(app, "Lokalpolisområde Nässjö", "lokalpolisomrade")
    _action(app, "Fler patruller", police)
    admin = log_in(client, ["admin"])
    response = admin.post(f"/staff/organisations/{police}/delete",
                          data={"csrf_token": csrf_token(admin, "/staff/organisations")})
    assert response.status_code == 409 and "Lokalpolisområde Nässjö" in response.text
    assert _count(app) == 1


def test_admin_puts_a_staff_member_in_an_organisation(app, client, log_in):
    police = organisation(app, "Lokalpolisområde Nässjö", "lokalpolisomrade")
    member(app, "kommunpolis@polisen.se", ["action_owner"], None)
    admin = log_in(client, ["admin"])
    with app.app_context():
        from surveyapp.auth.models import User

        user_id = db.session.scalar(select(User.id).where(User.email == "kommunpolis@polisen.se"))
    token = csrf_token(admin, "/staff/organisations")
    assert admin.post(f"/staff/organisations/members/{user_id}",
                      data={"csrf_token": token, "organisation": "999"}).status_code == 422
    assert admin.post(f"/staff/organisations/members/{user_id}",
                      data={"csrf_token": token, "organisation": str(police)}).status_code == 303
    with app.app_context():
        assert organisation_id_of(user_id) == police


def test_an_action_owner_sees_and_edits_only_the_organisations_actions(app, log_in):
    housing = organisation(app, "Bostadsbolaget", "bostadsbolag")
    streets = organisation(app, "Gatuenheten")
    ours = _action(app, "Byt lås i soprummen", housing)
    theirs = _action(app, "Laga gatlyktorna", streets)
    member(app, "owner@bostad.se", ["action_owner"], housing)
    owner = log_in(app.test_client(), ["action_owner"], "owner@bostad.se")
    listing = owner.get("/staff/actions").text
    assert "Byt lås i soprummen" in listing and "Laga gatlyktorna" not in listing
    assert owner.get(f"/staff/actions/{theirs}").status_code == 403
    token = csrf_token(owner, f"/staff/actions/{ours}")
    edit = {"csrf_token": token, "title": "Laga gatlyktorna", "organisation": str(streets),
            "status": "done", "description": "", "public_feedback": "", "due": "", "area": ""}
    assert owner.post(f"/staff/actions/{theirs}", data=edit).status_code == 403
    moved = owner.post(f"/staff/actions/{ours}", data={**edit, "title": "Byt lås"})
    assert moved.status_code == 422, "cannot hand an action to another organisation"
    with app.app_context():
        assert db.session.get(Action, theirs).status == "planned"
        assert db.session.get(Action, ours).organisation_id == housing


def test_an_action_owner_without_organisation_sees_no_actions(app, log_in):
    _action(app, "Laga gatlyktorna", organisation(app, "Gatuenheten"))
    owner = log_in(app.test_client(), ["action_owner"], "ingen@kommun.se")
    page = owner.get("/staff/actions?lang=en").text
    assert "Laga gatlyktorna" not in page and "belongs to no organisation" in page


def test_an_admin_sees_all_organisations_or_explicitly_one(app, log_in):
    housing = organisation(app, "Bostadsbolaget", "bostadsbolag")
    streets = organisation(app, "Gatuenheten")
    _action(app, "Byt lås i soprummen", housing)
    _action(app, "Laga gatlyktorna", streets)
    admin = log_in(app.test_client(), ["admin"])
    everything = admin.get("/staff/actions?organisation=all").text
    assert "Byt lås i soprummen" in everything and "Laga gatlyktorna" in everything
    one = admin.get(f"/staff/actions?organisation={streets}").text
    assert "Laga gatlyktorna" in one and "Byt lås i soprummen" not in one


def test_a_status_change_is_kept_in_the_history_with_date_and_comment(app, log_in):
    streets = organisation(app, "Gatuenheten")
    action_id = _action(app, "Laga gatlyktorna", streets)
    member(app, "owner@gata.se", ["action_owner"], streets)
    owner = log_in(app.test_client(), ["action_owner"], "owner@gata.se")
    data = {"csrf_token": csrf_token(owner, f"/staff/actions/{action_id}"),
            "title": "Laga gatlyktorna", "organisation": str(streets), "status": "in_progress",
            "status_comment": "Beställt av entreprenören", "description": "",
            "public_feedback": "", "due": "", "area": ""}
    assert owner.post(f"/staff/actions/{action_id}", data=data).status_code == 302
    assert owner.post(f"/staff/actions/{action_id}",
                      data={**data, "status": "done", "status_comment": ""}).status_code == 302
    with app.app_context():
        steps = db.session.scalars(select(ActionStatusChange).where(
            ActionStatusChange.action_id == action_id).order_by(ActionStatusChange.id)).all()
        assert [(s.status, s.comment) for s in steps] == [
            ("in_progress", "Beställt av entreprenören"), ("done", "")]
        assert all(s.changed_on == date.today() for s in steps)
    assert "Beställt av entreprenören" in owner.get(f"/staff/actions/{action_id}").text
