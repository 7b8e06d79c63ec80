"""With the database, the order of submissions and the printed codes, no response can be tied
to its invitation: not by transaction id (PostgreSQL ``xmin``), not by row order or id, not by
any hash computable from the codes (issue 13)."""

from __future__ import annotations

import sqlalchemy as sa

from surveyapp.db import db
from surveyapp.surveys.models import Invitation, PendingAnswer, Response, SubmittedKey
from tests.security.attacker import (
    code_derived_hashes,
    correct_guesses,
    every_stored_value,
    stored_markers,
    submit_with_code,
)

RESIDENTS = 20
# Two independent uniform shuffles of 10 get about 2 of 20 positions right by chance; more
# than 12 happens with probability below 1e-6. An unshuffled batch would get all 20.
CHANCE_BOUND = 12


def _submit_all(app, make_campaign, make_codes) -> tuple[str, list[str], list[str]]:
    slug = make_campaign(mode="invitation")
    codes = make_codes(slug, RESIDENTS)
    markers = [f"marker-{index:02d}" for index in range(len(codes))]
    for code, marker in zip(codes, markers, strict=True):
        submit_with_code(app, slug, code, marker)
    return slug, codes, markers


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_batches_of_k_acknowledged_equals_pending_plus_written(anonymous_app, make_campaign,
                                                               make_codes):
    app = anonymous_app
    slug = make_campaign(mode="invitation")
    codes = make_codes(slug, 13)
    for number, code in enumerate(codes, start=1):
        submit_with_code(app, slug, code, f"m{number}")
        written, pending = _count(app, Response), _count(app, PendingAnswer)
        assert written + pending == number
        # Nothing is written until k = 10 answers wait; then all of them at once.
        assert written == (10 if number >= 10 else 0)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Invitation)
                                 .where(Invitation.used.is_(True))) == 13


def test_no_order_or_id_join(anonymous_app, make_campaign, make_codes):
    app = anonymous_app
    _slug, _codes, markers = _submit_all(app, make_campaign, make_codes)
    assert _count(app, PendingAnswer) == 0
    orders = ["id", "submitted_on, id"]
    if db_name(app) == "postgresql":
        orders += ["ctid", "xmin::text::bigint, ctid"]
    else:
        orders += ["rowid"]
    for order in orders:
        guessed = stored_markers(app, order)
        assert sorted(guessed) == sorted(markers)
        assert correct_guesses(guessed, markers) <= CHANCE_BOUND, order
        # Within each batch of 10, the order is not the order of submission.
        assert guessed[:10] != markers[:10] or guessed[10:] != markers[10:], order
    with app.app_context():
        ids = db.session.scalars(sa.select(Response.id)).all()
    # Random 63-bit ids: not a run of small sequential numbers.
    assert max(ids) > 2**40 and sorted(ids) != list(range(min(ids), min(ids) + len(ids)))


def test_no_xmin_join_on_postgresql(anonymous_app, make_campaign, make_codes):
    app = anonymous_app
    if db_name(app) != "postgresql":
        return
    _submit_all(app, make_campaign, make_codes)
    with app.app_context():
        joined = db.session.scalar(sa.text(
            "SELECT count(*) FROM response r JOIN invitation i ON i.xmin = r.xmin"))
        assert joined == 0
        for table in ("submitted_key", "pending_answer"):
            assert db.session.scalar(sa.text(
                f"SELECT count(*) FROM response r JOIN {table} t ON t.xmin = r.xmin")) == 0
        batches = db.session.execute(sa.text(
            "SELECT xmin::text::bigint, count(*) FROM response GROUP BY 1 ORDER BY 1")).all()
        used = sorted(db.session.scalars(sa.text(
            "SELECT xmin::text::bigint FROM invitation WHERE used")).all())
    # Two batch transactions of 10; before each, 10 codes were used: comparing transaction ids
    # narrows a response to the 10 invitations used since the previous batch, never fewer.
    assert [count for _xid, count in batches] == [10, 10]
    previous = 0
    for xid, _count_in_batch in batches:
        candidates = [u for u in used if previous < u < xid]
        assert len(candidates) >= 10
        previous = xid


def test_while_pending_the_answers_are_sealed(anonymous_app, make_campaign, make_codes):
    app = anonymous_app
    slug = make_campaign(mode="invitation")
    codes = make_codes(slug, 5)
    markers = [f"sealed-marker-{i}" for i in range(5)]
    for code, marker in zip(codes, markers, strict=True):
        submit_with_code(app, slug, code, marker)
    assert _count(app, Response) == 0
    stored = every_stored_value(app)
    dump = "\n".join(text for _t, _c, text in stored)
    for marker in markers:
        assert marker not in dump
    with app.app_context():
        sizes = {len(blob) for blob in db.session.scalars(sa.select(PendingAnswer.sealed))}
    assert len(sizes) == 1  # padded: the size of a sealed row does not tell its answers


def test_no_hash_join_and_tombstones_go_at_close(anonymous_app, make_campaign, make_codes):
    app = anonymous_app
    slug, codes, _markers = _submit_all(app, make_campaign, make_codes)
    derived = code_derived_hashes(slug, codes)
    spellings = {c for code in codes for c in (code, code.replace("-", ""))}
    for table, column, text in every_stored_value(app):
        if (table, column) == ("invitation", "code_hash"):
            continue  # the code's lookup hash on the invitation row, which the frame names anyway
        assert not any(h in text for h in derived), (table, column)
        assert not any(code in text.upper() for code in spellings), (table, column)
    assert _count(app, SubmittedKey) == RESIDENTS
    _close(app, slug)
    assert _count(app, SubmittedKey) == 0 and _count(app, Response) == RESIDENTS


def test_close_writes_fewer_than_k_and_deletes_tombstones(anonymous_app, make_campaign,
                                                          make_codes):
    app = anonymous_app
    slug = make_campaign(mode="invitation")
    for number, code in enumerate(make_codes(slug, 3)):
        submit_with_code(app, slug, code, f"late-{number}")
    assert (_count(app, Response), _count(app, PendingAnswer)) == (0, 3)
    result = app.test_cli_runner().invoke(args=["survey", "flush-pending", "--campaign", slug])
    assert result.exit_code == 0 and "0 written, 3 pending" in result.output
    _close(app, slug)
    assert (_count(app, Response), _count(app, PendingAnswer), _count(app, SubmittedKey)) \
        == (3, 0, 0)


def test_a_campaign_closed_early_by_staff_is_written_by_the_nightly_purge(
        anonymous_app, make_campaign, make_codes):
    # Closed before its planned last day: nobody can answer any more, so the purge must not
    # wait for that day to write what is pending and delete the tombstones.
    app = anonymous_app
    slug = make_campaign(mode="invitation", closes_in=30)
    for number, code in enumerate(make_codes(slug, 2)):
        submit_with_code(app, slug, code, f"early-{number}")
    from datetime import date

    from surveyapp.surveys.services import find_campaign

    with app.app_context():
        find_campaign(slug).closed_on = date.today()
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["privacy", "purge"])
    assert result.exit_code == 0 and f"{slug}: closed" in result.output, result.output
    assert (_count(app, Response), _count(app, PendingAnswer), _count(app, SubmittedKey)) \
        == (2, 0, 0)


def _close(app, slug: str) -> None:
    """Move the campaign's last day to yesterday and run the nightly purge."""
    from datetime import date, timedelta

    from surveyapp.surveys.services import find_campaign

    with app.app_context():
        find_campaign(slug).closes = date.today() - timedelta(days=1)
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["privacy", "purge"])
    assert result.exit_code == 0, result.output
    assert f"{slug}: closed" in result.output


def db_name(app) -> str:
    with app.app_context():
        return db.engine.dialect.name
