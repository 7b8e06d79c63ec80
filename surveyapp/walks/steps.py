"""The three steps of a walk as the methods describe them (Boverket, *Trygghetsvandringar*):
the förmöte plans it, the walk itself, the uppföljande möte agrees on actions. All three live on
one :class:`~surveyapp.walks.models.Walk`. The services flush; the request commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import or_, select

from surveyapp.actions.models import Action, action_observation
from surveyapp.db import db
from surveyapp.organisations.models import Organisation
from surveyapp.walks.models import Observation, Walk


class Step(StrEnum):
    """A step of a walk, in order."""

    PLANNING = "planning"
    WALK = "walk"
    FOLLOW_UP = "follow_up"


@dataclass(frozen=True)
class StepState:
    """Where one step stands: done, or the one to do next."""

    step: Step
    done: bool
    current: bool


def step_states(walk: Walk) -> list[StepState]:
    """The three steps with whether each is done; the first not done is the current one.

    The förmöte is done once its purpose is written, the walk once it is closed, the
    uppföljande möte once its date is set.
    """
    done = [bool(walk.purpose), not walk.is_open, walk.follow_up_date is not None]
    first_open = next((index for index, flag in enumerate(done) if not flag), None)
    return [StepState(step, flag, index == first_open)
            for index, (step, flag) in enumerate(zip(Step, done, strict=True))]


def organisations() -> list[Organisation]:
    """Organisations that can be invited, by name."""
    return list(db.session.scalars(select(Organisation).order_by(Organisation.name)))


def actions_to_agree(walk: Walk) -> list[Action]:
    """Actions the uppföljande möte can record as agreed: those made from this walk's
    observations, those in the walk's area, and those already agreed."""
    from_walk = (select(action_observation.c.action_id)
                 .join(Observation, Observation.id == action_observation.c.observation_id)
                 .where(Observation.walk_id == walk.id))
    agreed = [action.id for action in walk.agreed_actions]
    query = select(Action).where(or_(Action.id.in_(from_walk), Action.area_id == walk.area_id,
                                     Action.id.in_(agreed))).order_by(Action.id)
    return list(db.session.scalars(query))


def save_planning(walk: Walk, values: dict[str, Any]) -> None:
    """Store the checked förmöte (:func:`surveyapp.walks.step_forms.read_planning`)."""
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
    walk.follow_up_date = values["follow_up_date"]
    walk.follow_up_notes = values["follow_up_notes"]
    ids = values["action_ids"]
    walk.agreed_actions = list(db.session.scalars(
        select(Action).where(Action.id.in_(ids)))) if ids else []
    db.session.flush()
