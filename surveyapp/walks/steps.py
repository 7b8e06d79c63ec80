"""The three steps of a walk as the methods describe them (Boverket, *Trygghetsvandringar*):
the förmöte plans it, the walk itself, the uppföljande möte agrees on actions. All three live on
one :class:`~surveyapp.walks.models.Walk`; the förmöte and the uppföljande möte are stored by
:mod:`surveyapp.walks.step_services`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from surveyapp.walks.models import Walk


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
