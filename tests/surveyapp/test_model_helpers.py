"""Small helpers on the model layer: the row count of UPDATE/DELETE, observation positions."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select, update

from surveyapp.db import db, rowcount
from surveyapp.geo.models import Area
from surveyapp.walks.models import Observation


def test_rowcount_is_the_rows_an_update_or_delete_matched(app):
    with app.app_context():
        db.session.add_all([Area(code="R1", name="Ett"), Area(code="R2", name="Två"),
                            Area(code="R3", name="Tre")])
        db.session.flush()
        renamed = db.session.execute(
            update(Area).where(Area.code.in_(["R1", "R2"])).values(kind="custom"))
        assert rowcount(renamed) == 2
        assert rowcount(db.session.execute(delete(Area).where(Area.code == "R3"))) == 1
        assert rowcount(db.session.execute(delete(Area).where(Area.code == "R9"))) == 0


def test_rowcount_refuses_a_select(app):
    with app.app_context(), pytest.raises(TypeError):
        rowcount(db.session.execute(select(Area)))


@pytest.mark.parametrize(("lat", "lng", "expected"), [
    (59.3, 18.1, (59.3, 18.1)), (59.3, None, None), (None, 18.1, None), (None, None, None)])
def test_an_observation_has_a_position_only_with_both_coordinates(lat, lng, expected):
    observation = Observation(lat=lat, lng=lng)
    assert observation.position == expected
    assert observation.has_position is (expected is not None)
