"""The batch step writes every pending answer exactly once, even when two run at once."""

from __future__ import annotations

import threading
from datetime import date

import sqlalchemy as sa

from surveyapp.db import db
from surveyapp.surveys.batches import run_batch_step
from surveyapp.surveys.models import PendingAnswer, Response
from surveyapp.surveys.services import find_campaign
from tests.security.attacker import stored_markers, submit_with_code


def test_two_simultaneous_batch_steps_write_each_answer_once(app, make_campaign, make_codes,
                                                            monkeypatch):
    monkeypatch.setitem(app.config, "ANONYMITY_BATCH_SIZE", 1000)  # nothing written on submit
    slug = make_campaign(mode="invitation")
    markers = [f"once-{n}" for n in range(12)]
    for code, marker in zip(make_codes(slug, 12), markers, strict=True):
        submit_with_code(app, slug, code, marker)
    with app.app_context():
        campaign_id = find_campaign(slug).id
        assert db.session.scalar(sa.select(sa.func.count()).select_from(PendingAnswer)) == 12
    monkeypatch.setitem(app.config, "ANONYMITY_BATCH_SIZE", 5)
    written: list[int] = []
    barrier = threading.Barrier(2)

    def step() -> None:
        with app.app_context():
            barrier.wait()
            written.append(run_batch_step(campaign_id, date.today()))

    threads = [threading.Thread(target=step) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(written) == 12 and sorted(written)[0] == 0
    assert sorted(stored_markers(app, "id")) == sorted(markers)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(PendingAnswer)) == 0
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Response)) == 12
