"""Operations on organisations and memberships. They flush; the request commits."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select

from surveyapp.db import db
from surveyapp.organisations.models import Organisation, OrganisationMember


class InUse(Exception):
    """The organisation is still responsible for something and cannot be deleted."""


def all_organisations() -> list[Organisation]:
    """Every organisation, by name."""
    return list(db.session.scalars(select(Organisation).order_by(Organisation.name)))


def reporting_organisations() -> list[Organisation]:
    """Organisations expected to send partner reports, by name."""
    return list(db.session.scalars(
        select(Organisation).where(Organisation.report_every_weeks > 0)
        .order_by(Organisation.name)))


def get_organisation(organisation_id: int) -> Organisation | None:
    """The organisation with this id."""
    return db.session.get(Organisation, organisation_id)


def name_taken(name: str, except_id: int | None = None) -> bool:
    """Whether another organisation already has ``name`` (case-insensitive)."""
    query = select(Organisation.id).where(func.lower(Organisation.name) == name.lower())
    if except_id is not None:
        query = query.where(Organisation.id != except_id)
    return db.session.scalar(query) is not None


def save_organisation(organisation: Organisation | None, values: dict[str, Any]) -> Organisation:
    """Create an organisation, or change ``organisation``, from checked values."""
    if organisation is None:
        organisation = Organisation()
        db.session.add(organisation)
    organisation.name = values["name"]
    organisation.kind = values["kind"]
    organisation.report_every_weeks = values["report_every_weeks"]
    db.session.flush()
    return organisation


def delete_organisation(organisation: Organisation) -> None:
    """Delete an organisation no action, plan or report points to; raise :class:`InUse`."""
    from surveyapp.actions.models import Action
    from surveyapp.partners.models import PartnerReport

    for model in (Action, PartnerReport):
        used = db.session.scalar(select(func.count()).select_from(model).where(
            model.organisation_id == organisation.id))
        if used:
            raise InUse
    db.session.delete(organisation)
    db.session.flush()


def organisation_id_of(user_id: int) -> int | None:
    """The id of the organisation the staff member belongs to, if any."""
    return db.session.scalar(select(OrganisationMember.organisation_id).where(
        OrganisationMember.user_id == user_id))


def organisation_of(user_id: int) -> Organisation | None:
    """The organisation the staff member belongs to, if any."""
    organisation_id = organisation_id_of(user_id)
    return None if organisation_id is None else db.session.get(Organisation, organisation_id)


def members() -> dict[int, int]:
    """``{user id: organisation id}`` for every staff member with an organisation."""
    rows = db.session.execute(
        select(OrganisationMember.user_id, OrganisationMember.organisation_id))
    return {user_id: organisation_id for user_id, organisation_id in rows}


def set_membership(user_id: int, organisation_id: int | None) -> None:
    """Put the staff member in ``organisation_id`` (``None``: in no organisation)."""
    db.session.execute(delete(OrganisationMember).where(OrganisationMember.user_id == user_id))
    if organisation_id is not None:
        db.session.add(OrganisationMember(user_id=user_id, organisation_id=organisation_id))
    db.session.flush()
