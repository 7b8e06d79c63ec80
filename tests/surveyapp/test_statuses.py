"""Typed statuses: stored as their plain string values, every value has a label in words."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from surveyapp.actions.labels import ACTOR_LABELS, STATUS_LABELS
from surveyapp.actions.models import ActionStatus, Actor
from surveyapp.db import db
from surveyapp.dialogue.models import Pin, PinStatus
from surveyapp.walks.labels import status_label
from surveyapp.walks.models import WalkStatus


def test_every_action_status_and_actor_has_a_label():
    assert set(STATUS_LABELS) == set(ActionStatus)
    assert set(ACTOR_LABELS) == set(Actor)


def test_every_walk_status_has_a_label_in_words(app):
    with app.test_request_context("/?lang=en"):
        assert [status_label(s) for s in WalkStatus] == ["Open", "Closed"]


def test_statuses_are_stored_as_their_string_values(app):
    with app.app_context():
        db.session.add(Pin(lat=57.6, lng=14.7, category="belysning", created_on=date.today()))
        db.session.commit()
        stored = db.session.execute(sa.text("SELECT status, source FROM pin")).one()
        assert tuple(stored) == ("pending", "dialogue")
        assert db.session.scalar(sa.select(Pin.status)) == PinStatus.PENDING
