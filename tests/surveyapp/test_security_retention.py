"""Retention periods and residents' requests to see or erase what they wrote."""

from __future__ import annotations

import json
from datetime import date, timedelta

import sqlalchemy as sa

from surveyapp.auth.models import AuditEvent, utcnow
from surveyapp.db import db
from surveyapp.dialogue.models import Pin
from surveyapp.retention import erase_text, find_text, purge
from surveyapp.surveys.models import Draft, Response
from surveyapp.surveys.services import find_campaign


def _setup(app, slug):
    with app.app_context():
        campaign = find_campaign(slug)
        today = date.today()
        for days, key in ((200, "old"), (1, "new")):
            db.session.add(Draft(campaign_id=campaign.id, key_hash=key, answers={}, prefilled=[],
                                 language="sv", updated_on=today - timedelta(days=days)))
        db.session.add(AuditEvent(email="a@example.se", action="export",
                                  at=utcnow() - timedelta(days=800)))
        db.session.add(AuditEvent(email="a@example.se", action="export", at=utcnow()))
        db.session.add(Response(campaign_id=campaign.id, channel="open", language="sv",
                                answers={"trygg_kvall": 2, "forbattring": "Ring Kalle 070-1234567"},
                                submitted_on=today))
        db.session.add(Pin(lat=57.6, lng=14.7, category="belysning", created_on=today,
                           comment="Kalle på nr 4 har ingen lampa"))
        db.session.add(Pin(lat=57.6, lng=14.7, category="belysning", created_on=today,
                           comment="Mörk gångtunnel"))
        db.session.commit()


def test_purge_deletes_only_what_is_past_its_period(app, make_campaign, monkeypatch):
    _setup(app, make_campaign())
    with app.app_context():
        deleted = purge()
        db.session.commit()
        assert deleted["draft"] == 1 and deleted["audit_event"] == 1
        assert db.session.scalars(sa.select(Draft.key_hash)).all() == ["new"]
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == 1
    monkeypatch.setitem(app.config, "RETENTION_DRAFT_DAYS", 0)
    with app.app_context():
        assert purge()["draft"] == 1


def test_find_and_erase_what_a_resident_wrote(app, make_campaign):
    _setup(app, make_campaign())
    with app.app_context():
        found = sorted((m.table, m.column, m.text) for m in find_text("kalle"))
        assert found == [
            ("pin", "comment", "Kalle på nr 4 har ingen lampa"),
            ("response", "answers.forbattring", "Ring Kalle 070-1234567"),
        ]
        assert find_text("100%_") == []
        assert erase_text("KALLE") == 2
        db.session.commit()
    with app.app_context():
        assert find_text("kalle") == []
        comments = sorted(str(c) for c in db.session.scalars(sa.select(Pin.comment)))
        assert comments == ["Mörk gångtunnel", "None"]
        [answers] = db.session.scalars(sa.select(Response.answers)).all()
        assert answers == {"trygg_kvall": 2}


def test_privacy_commands(app, make_campaign):
    _setup(app, make_campaign())
    runner = app.test_cli_runner()
    exported = runner.invoke(args=["privacy", "find", "070-1234567", "--json"])
    assert exported.exit_code == 0, exported.output
    assert json.loads(exported.output)[0]["table"] == "response"
    erased = runner.invoke(args=["privacy", "erase", "070-1234567", "--yes"])
    assert "1 texts erased" in erased.output
    purged = runner.invoke(args=["privacy", "purge"])
    assert "draft: 1 deleted" in purged.output
    with app.app_context():
        assert db.session.scalar(
            sa.select(sa.func.count()).select_from(AuditEvent)
            .where(AuditEvent.action == "privacy_erase")
        ) == 1
