"""Test data for the lägesbild cycle: organisations, members, areas with population."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from surveyapp.auth.models import User
from surveyapp.db import db
from surveyapp.geo.models import Area
from surveyapp.geo.population import AGE_GROUPS, SEXES, PopulationCell
from surveyapp.organisations.models import Organisation
from surveyapp.organisations.services import set_membership


def organisation(app: Flask, name: str, kind: str = "forvaltning", weeks: int = 0) -> int:
    """Create an organisation; returns its id."""
    with app.app_context():
        found = Organisation(name=name, kind=kind, report_every_weeks=weeks)
        db.session.add(found)
        db.session.commit()
        return found.id


def member(app: Flask, email: str, roles: list[str], organisation_id: int | None) -> None:
    """Create the account ``email`` (password set by ``log_in`` later) in an organisation."""
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            user = User(email=email, roles=roles, password_hash="-")
            db.session.add(user)
            db.session.flush()
        set_membership(user.id, organisation_id)
        db.session.commit()


def area(app: Flask, code: str, population: dict[int, list[int]] | None = None) -> int:
    """Create an area with, per year, eight population cells (f/m × four age groups)."""
    with app.app_context():
        found = Area(code=code, name=f"Område {code}", kind="district")
        db.session.add(found)
        db.session.flush()
        for year, counts in (population or {}).items():
            cells = [(sex, age) for sex in SEXES for age in AGE_GROUPS]
            db.session.add_all(PopulationCell(area_id=found.id, year=year, sex=sex,
                                              age_group=age, count=count)
                               for (sex, age), count in zip(cells, counts, strict=True))
        db.session.commit()
        return found.id
