"""Migration 0021: existing observations are numbered per walk (in the order recorded), each
walk's counter continues after them, and the models agree with the migrated schema."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from surveyapp import create_app
from surveyapp.db import db
from tests.conftest import _postgres_database

WALK_TABLES = {"walk", "observation", "observation_photo", "walk_invitee", "walk_agreed_action"}


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path) -> Iterator[str]:
    """A database with no tables yet, per backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/old.db"
    else:
        yield from _postgres_database()


def test_existing_observations_are_numbered_per_walk(empty_database):
    app = create_app({"TESTING": True, "SECRET_KEY": "x",
                      "SQLALCHEMY_DATABASE_URI": empty_database})
    with app.app_context():
        upgrade(revision="0020_pin_area_only")
        run = db.session.execute
        run(sa.text("INSERT INTO area (id, code, name, kind) VALUES (1, 'A1', 'Ett', 'district')"))
        for walk_id in (1, 2, 3):
            run(sa.text("INSERT INTO walk (id, area_id, date, meeting_point, join_code, status) "
                        "VALUES (:id, 1, '2026-10-01', 'Torget', :code, 'closed')"),
                {"id": walk_id, "code": f"CODE{walk_id}"})
        # Interleaved across walks, as the old global ids ran: 1, 2 on walk 1 and 2 ...
        for observation_id, walk_id in ((10, 1), (11, 2), (12, 1), (13, 2), (14, 1)):
            run(sa.text("INSERT INTO observation (id, walk_id, place_description, category, "
                        "description, severity, proposal) VALUES (:id, :walk, 'x', 'annat', "
                        "'y', 1, '')"), {"id": observation_id, "walk": walk_id})
        run(sa.text("INSERT INTO organisation (id, name, kind, report_every_weeks) VALUES "
                    "(100, 'Tekniska', 'kommun', 0)"))
        run(sa.text("INSERT INTO action (id, title, description, organisation_id, status, "
                    "public_feedback, updated_on) VALUES (1, 'Lampor', '', 100, 'planned', '', "
                    "'2026-10-02')"))
        run(sa.text("INSERT INTO action_observation (action_id, observation_id) VALUES (1, 12)"))
        db.session.commit()
        upgrade()
        assert run(sa.text("SELECT observation_id FROM action_observation")).all() == [(12,)]
        rows = run(sa.text("SELECT walk_id, id, number FROM observation ORDER BY id")).all()
        assert [tuple(r) for r in rows] == [(1, 10, 1), (2, 11, 1), (1, 12, 2), (2, 13, 2),
                                            (1, 14, 3)]
        counts = run(sa.text("SELECT id, observation_count FROM walk ORDER BY id")).all()
        assert [tuple(r) for r in counts] == [(1, 3), (2, 2), (3, 0)]
        with pytest.raises(sa.exc.IntegrityError):
            run(sa.text("INSERT INTO observation (walk_id, number, place_description, category, "
                        "description, severity, proposal) VALUES (1, 2, 'x', 'annat', 'y', 1, "
                        "'')"))
        db.session.rollback()
        downgrade(revision="0020_pin_area_only")
        assert run(sa.text("SELECT count(*) FROM observation")).scalar() == 5
        assert run(sa.text("SELECT observation_id FROM action_observation")).all() == [(12,)]
        db.session.commit()
        db.engine.dispose()


def test_the_walk_models_agree_with_the_migrated_schema(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        differences = compare_metadata(context, db.metadata)
    ours = [d for d in differences if _table_of(d) in WALK_TABLES]
    assert ours == []


def _table_of(difference) -> str | None:
    item = difference[0] if isinstance(difference, list) else difference
    for part in item[1:]:
        table = getattr(part, "table", None)
        if table is not None:
            return table.name
        if isinstance(part, sa.Table):
            return part.name
        if isinstance(part, str) and part in WALK_TABLES:
            return part
    return None
