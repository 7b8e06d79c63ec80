"""The demo municipality's organisations (used by ``surveyapp.demo``)."""

from __future__ import annotations

from sqlalchemy import select

from surveyapp.db import db
from surveyapp.organisations.models import Organisation, OrganisationKind

DEMO_ORGANISATIONS = (
    ("Gatuenheten", OrganisationKind.FORVALTNING, 0),
    ("Bostadsbolaget", OrganisationKind.BOSTADSBOLAG, 1),
    ("Lokalpolisområde Centrum", OrganisationKind.LOKALPOLISOMRADE, 1),
    ("Vaktbolaget", OrganisationKind.VAKTBOLAG, 2),
)


def ensure_demo_organisations() -> dict[str, Organisation]:
    """The demo organisations by name (created once)."""
    found = {o.name: o for o in db.session.scalars(select(Organisation))}
    for name, kind, weeks in DEMO_ORGANISATIONS:
        if name not in found:
            found[name] = Organisation(name=name, kind=kind, report_every_weeks=weeks)
            db.session.add(found[name])
    db.session.flush()
    return found
