"""A demo action from the demo walk's first observation (used by ``surveyapp.demo``)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from surveyapp.actions.models import Action, ActionStatus, ActionStatusChange
from surveyapp.db import db
from surveyapp.organisations.demo import ensure_demo_organisations
from surveyapp.walks.models import Walk

DEMO_ACTION_TITLE = "Ny belysning i gångtunneln vid stationen"


def ensure_demo_action(walk: Walk, today: date) -> Action:
    """The demo action, linked to the walk's first observation (created once)."""
    action = db.session.scalar(select(Action).where(Action.title == DEMO_ACTION_TITLE))
    if action is not None:
        return action
    action = Action(
        title=DEMO_ACTION_TITLE,
        description="Felanmält till gatuenheten efter trygghetsvandringen.",
        organisation=ensure_demo_organisations()["Gatuenheten"],
        status=ActionStatus.DONE,
        due=today - timedelta(days=2),
        public_feedback="Gatuenheten har bytt de trasiga lamporna och satt upp två nya "
                        "armaturer i tunneln.",
        area_id=walk.area_id,
        updated_on=today,
        observations=walk.observations[:1],
        history=[
            ActionStatusChange(status=ActionStatus.PLANNED, changed_on=today - timedelta(days=20)),
            ActionStatusChange(status=ActionStatus.DONE, changed_on=today - timedelta(days=2),
                               comment="Lamporna bytta."),
        ],
    )
    db.session.add(action)
    db.session.flush()
    return action
