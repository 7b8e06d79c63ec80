"""Migration 0020: existing pins at exactly their area's interior point become area-only."""

from __future__ import annotations

import json

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from surveyapp import create_app
from surveyapp.db import db
from surveyapp.geo.geometry import interior_point

SQUARE = {"type": "Polygon", "coordinates": [[[14.0, 57.0], [14.2, 57.0], [14.2, 57.1],
                                               [14.0, 57.1], [14.0, 57.0]]]}


def test_pins_at_the_interior_point_are_marked_area_only(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "x",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/old.db"})
    with app.app_context():
        upgrade(revision="0019_reports")
        run = db.session.execute
        run(sa.text("INSERT INTO area (id, code, name, kind, geometry) VALUES "
                    "(1, 'A1', 'Ett', 'district', :geometry)"), {"geometry": json.dumps(SQUARE)})
        lat, lng = interior_point(SQUARE)
        for number, (a, b) in enumerate([(round(lat, 6), round(lng, 6)), (57.05, 14.05)], 1):
            run(sa.text("INSERT INTO pin (id, source, lat, lng, area_id, category, status, "
                        "flags, me_too, created_on) VALUES (:id, 'dialogue', :lat, :lng, 1, "
                        "'belysning', 'approved', '[]', 0, '2026-10-01')"),
                {"id": number, "lat": a, "lng": b})
        db.session.commit()
        upgrade(revision="0020_pin_area_only")
        rows = run(sa.text("SELECT id, area_only FROM pin ORDER BY id")).all()
        assert [(r[0], bool(r[1])) for r in rows] == [(1, True), (2, False)]
        db.session.commit()
        downgrade(revision="0019_reports")
        assert "area_only" not in {c["name"] for c in sa.inspect(db.engine).get_columns("pin")}
