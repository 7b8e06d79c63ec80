"""Migration 0013: old actor codes become organisations, links and statuses survive, and the
models agree with the migrated schema."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from surveyapp import create_app
from surveyapp.db import db

CYCLE_TABLES = {"organisation", "organisation_member", "action", "action_status_change",
                "indicator_series", "indicator_value", "partner_report", "partner_event",
                "problem", "problem_evidence", "problem_cause", "action_plan", "plan_item",
                "citizen_promise", "promise_commitment", "promise_follow_up"}


def test_actor_codes_become_organisations_and_nothing_is_lost(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "x",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/old.db"})
    with app.app_context():
        upgrade(revision="0013_fieldwork")
        run = db.session.execute
        run(sa.text("INSERT INTO area (id, code, name, kind) VALUES (1, 'A1', 'Ett', 'district')"))
        run(sa.text("INSERT INTO pin (id, source, lat, lng, area_id, category, status, flags, "
                    "me_too, created_on) VALUES (1, 'dialogue', 57.6, 14.7, 1, 'belysning', "
                    "'approved', '[]', 0, '2026-10-01')"))
        for number, actor in ((1, "polis"), (2, "fastighetsagare"), (3, "polis")):
            run(sa.text("INSERT INTO action (id, title, description, responsible_actor, status, "
                        "public_feedback, updated_on) VALUES (:id, :title, '', :actor, 'done', "
                        "'', '2026-10-0' || :id)"), {"id": number, "title": f"A{number}",
                                                     "actor": actor})
        run(sa.text("INSERT INTO action_pin (action_id, pin_id) VALUES (1, 1)"))
        db.session.commit()
        upgrade()
        rows = run(sa.text(
            "SELECT action.id, organisation.name, organisation.kind FROM action JOIN "
            "organisation ON organisation.id = action.organisation_id ORDER BY action.id")).all()
        assert [tuple(r) for r in rows] == [(1, "Polisen", "lokalpolisomrade"),
                                            (2, "Fastighetsägare", "naringsliv"),
                                            (3, "Polisen", "lokalpolisomrade")]
        assert run(sa.text("SELECT count(*) FROM organisation")).scalar() == 6
        assert run(sa.text("SELECT action_id, pin_id FROM action_pin")).all() == [(1, 1)], \
            "the rebuild of the action table keeps its links"
        history = run(sa.text("SELECT action_id, status, changed_on FROM action_status_change "
                              "ORDER BY action_id")).all()
        assert [tuple(h) for h in history] == [(1, "done", "2026-10-01"),
                                               (2, "done", "2026-10-02"),
                                               (3, "done", "2026-10-03")]
        db.session.commit()
        downgrade(revision="0013_fieldwork")
        actors = run(sa.text("SELECT responsible_actor FROM action ORDER BY id")).scalars().all()
        assert actors == ["polis", "fastighetsagare", "polis"]
        assert run(sa.text("SELECT count(*) FROM action_pin")).scalar() == 1
        db.session.commit()
        db.engine.dispose()


def test_the_cycle_models_agree_with_the_migrated_schema(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        differences = compare_metadata(context, db.metadata)
    ours = [d for d in differences if _table_of(d) in CYCLE_TABLES]
    assert ours == []


def _table_of(difference) -> str | None:
    item = difference[0] if isinstance(difference, list) else difference
    for part in item[1:]:
        table = getattr(part, "table", None)
        if table is not None:
            return table.name
        if isinstance(part, sa.Table):
            return part.name
        if isinstance(part, str) and part in CYCLE_TABLES:
            return part
    return None
