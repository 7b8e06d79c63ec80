"""Storing the förmöte and the uppföljande möte of a walk. The services flush; the request
commits.

The actions and organisations packages import the walk models and forms, so their models are
imported here when first needed, not when this package loads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, select

from surveyapp.db import db
from surveyapp.walks.models import Observation, Walk

if TYPE_CHECKING:
    from surveyapp.actions.models import Action
    from surveyapp.organisations.models import Organisation


def organisations() -> list[Organisation]:
    """Organisations that can be invited, by name."""
    from surveyapp.organisations.models import Organisation

    return list(db.session.scalars(select(Organisation).order_by(Organisation.name)))


def actions_to_agree(walk: Walk) -> list[Action]:
    """Actions the uppföljande möte can record as agreed: those made from this walk's
    observations, those in the walk's area, and those already agreed."""
    from surveyapp.actions.models import Action, action_observation

    from_walk = (select(action_observation.c.action_id)
                 .join(Observation, Observation.id == action_observation.c.observation_id)
                 .where(Observation.walk_id == walk.id))
    agreed = [action.id for action in walk.agreed_actions]
    query = select(Action).where(or_(Action.id.in_(from_walk), Action.area_id == walk.area_id,
                                     Action.id.in_(agreed))).order_by(Action.id)
    return list(db.session.scalars(query))


def save_planning(walk: Walk, values: dict[str, Any]) -> None:
    """Store the checked förmöte (:func:`surveyapp.walks.step_forms.read_planning`)."""
    from surveyapp.organisations.models import Organisation

    walk.planning_date = values["planning_date"]
    walk.purpose = values["purpose"]
    walk.other_invitees = values["other_invitees"]
    walk.planning_notes = values["planning_notes"]
    ids = values["invitee_ids"]
    walk.invitees = list(db.session.scalars(
        select(Organisation).where(Organisation.id.in_(ids)))) if ids else []
    db.session.flush()


def save_follow_up(walk: Walk, values: dict[str, Any]) -> None:
    """Store the checked uppföljande möte (:func:`surveyapp.walks.step_forms.read_follow_up`)."""
    from surveyapp.actions.models import Action

    walk.follow_up_date = values["follow_up_date"]
    walk.follow_up_notes = values["follow_up_notes"]
    ids = values["action_ids"]
    walk.agreed_actions = list(db.session.scalars(
        select(Action).where(Action.id.in_(ids)))) if ids else []
    db.session.flush()
