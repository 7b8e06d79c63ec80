"""Typed statuses: stored as their plain string values, every value has a label in words."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from surveyapp.actions.labels import STATUS_LABELS
from surveyapp.actions.models import ActionStatus
from surveyapp.db import db
from surveyapp.dialogue.models import Pin, PinStatus
from surveyapp.walks.labels import status_label
from surveyapp.walks.models import WalkStatus


def test_every_action_status_organisation_kind_and_cycle_code_has_a_label():
    from surveyapp.organisations.labels import KIND_LABELS
    from surveyapp.organisations.models import OrganisationKind
    from surveyapp.partners.labels import CATEGORY_LABELS, NOTE_LABELS, TIME_LABELS
    from surveyapp.partners.models import EventCategory, NoteStatus, TimeOfDay
    from surveyapp.problems.labels import EVIDENCE_LABELS, FACTOR_LABELS, PRIORITY_LABELS
    from surveyapp.problems.models import CauseFactor, EvidenceKind, Priority

    assert set(STATUS_LABELS) == set(ActionStatus)
    assert set(KIND_LABELS) == set(OrganisationKind)
    assert set(CATEGORY_LABELS) == set(EventCategory)
    assert set(TIME_LABELS) == set(TimeOfDay)
    assert set(NOTE_LABELS) == set(NoteStatus)
    assert set(EVIDENCE_LABELS) == set(EvidenceKind)
    assert set(FACTOR_LABELS) == set(CauseFactor)
    assert set(PRIORITY_LABELS) == set(Priority)


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
