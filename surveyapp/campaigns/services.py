"""Campaign operations shared by the staff pages, ``flask campaign`` and the JSON API.

They take plain data (see :mod:`surveyapp.campaigns.checks`) and domain objects, write the
audit log, and only flush; the request (or the CLI command) commits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from surveyapp.auth.audit import record
from surveyapp.campaigns.checks import TEXT_FIELDS, Checked, check_campaign
from surveyapp.db import db
from surveyapp.invitations.services import AreaRate, response_rates, totals
from surveyapp.surveys.models import Campaign, CampaignStatus, Draft, Invitation, Response
from surveyapp.surveys.services import answer_count

# Fields compared for the audit entry of a change, in the order they are named.
AUDITED = ("slug", "questionnaire", "languages", "mode", "opens", "closes", "areas",
           "population_year", *TEXT_FIELDS, "organiser", "contact")


class CampaignInvalid(Exception):
    """The settings cannot be saved; ``errors`` are translated messages by field name."""

    def __init__(self, errors: dict[str, str], warnings: list[str] | None = None) -> None:
        super().__init__("; ".join(f"{name}: {message}" for name, message in errors.items()))
        self.errors = errors
        self.warnings = warnings or []


@dataclass
class Saved:
    """A saved campaign, the fields that changed and warnings to show."""

    campaign: Campaign
    changed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _has_keys(campaign: Campaign) -> bool:
    """Whether codes or answers in progress exist: their hashes include the slug."""
    return any(db.session.scalar(select(func.count()).select_from(model)
                                 .where(model.campaign_id == campaign.id))
               for model in (Invitation, Draft))


def locked_fields(campaign: Campaign | None) -> frozenset[str]:
    """Fields that may no longer change: questionnaire, areas and mode once there are answers;
    the slug once codes or drafts exist too (their hashes include it)."""
    if campaign is None:
        return frozenset()
    locked = set()
    if answer_count(campaign):  # sealed answers too: their batch writes them later
        locked |= {"questionnaire", "areas", "mode", "slug"}
    if _has_keys(campaign):
        locked.add("slug")
    return frozenset(locked)


def as_data(campaign: Campaign) -> dict[str, Any]:
    """The campaign's settings as plain data (the input format of :func:`save_campaign`)."""
    return {
        "slug": campaign.slug,
        "questionnaire": f"{campaign.questionnaire.key}:{campaign.questionnaire.version}",
        "languages": list(campaign.languages),
        "mode": campaign.mode,
        "opens": campaign.opens.isoformat(),
        "closes": campaign.closes.isoformat(),
        "areas": [area.code for area in campaign.areas],
        "population_year": "" if campaign.population_year is None
        else str(campaign.population_year),
        **{name: dict(getattr(campaign, name) or {}) for name in TEXT_FIELDS},
        "organiser": campaign.organiser or "",
        "contact": campaign.contact or "",
        "status": campaign.status(date.today()),
    }


def check(data: Mapping[str, Any], campaign: Campaign | None = None) -> Checked:
    """Check ``data`` for a new campaign or for changes to ``campaign``, storing nothing."""
    return check_campaign(data, campaign, locked_fields(campaign))


def create_campaign(data: Mapping[str, Any], user: Any) -> Saved:
    """Create a campaign from plain data (raises :class:`CampaignInvalid`)."""
    checked = check(data)
    if not checked.ok:
        raise CampaignInvalid(checked.errors, checked.warnings)
    campaign = Campaign()
    _apply(campaign, checked.values)
    db.session.add(campaign)
    db.session.flush()
    record(user, "campaign_created", f"campaign {campaign.slug}")
    return Saved(campaign, [], checked.warnings)


def edit_campaign(campaign: Campaign, changes: Mapping[str, Any], user: Any) -> Saved:
    """Change the settings given in ``changes`` (the others stay); the audit entry names the
    fields changed. Raises :class:`CampaignInvalid` (nothing is changed then)."""
    before = as_data(campaign)
    checked = check({**before, **changes}, campaign)
    if not checked.ok:
        raise CampaignInvalid(checked.errors, checked.warnings)
    _apply(campaign, checked.values)
    db.session.flush()
    after = as_data(campaign)
    changed = [name for name in AUDITED if before[name] != after[name]]
    if changed:
        record(user, "campaign_changed", f"campaign {campaign.slug}: {', '.join(changed)}")
    return Saved(campaign, changed, checked.warnings)


def _apply(campaign: Campaign, values: dict[str, Any]) -> None:
    campaign.slug = values["slug"]
    campaign.questionnaire = values["questionnaire"]
    campaign.languages = values["languages"]
    campaign.mode = values["mode"]
    campaign.opens, campaign.closes = values["opens"], values["closes"]
    campaign.year = values["opens"].year
    campaign.areas = values["areas"]
    campaign.population_year = values["population_year"]
    for name in TEXT_FIELDS:
        setattr(campaign, name, values[name])
    source = values["questionnaire"].languages[0]
    campaign.name = values["names"][source]
    campaign.organiser, campaign.contact = values["organiser"], values["contact"]


def close_campaign(campaign: Campaign, user: Any, today: date) -> bool:
    """Close the campaign to residents from ``today``; False when it was closed already."""
    if campaign.closed_on is not None:
        return False
    campaign.closed_on = today
    db.session.flush()
    record(user, "campaign_closed", f"campaign {campaign.slug}")
    return True


def archive_campaign(campaign: Campaign, user: Any, today: date) -> bool:
    """Hide the campaign from lists and close it; False when it was archived already."""
    if campaign.archived_on is not None:
        return False
    campaign.archived_on = today
    campaign.closed_on = campaign.closed_on or today
    db.session.flush()
    record(user, "campaign_archived", f"campaign {campaign.slug}")
    return True


def delete_campaign(campaign: Campaign, user: Any) -> None:
    """Delete a campaign without answers (its unused codes go with it).

    Raises :class:`CampaignInvalid` when it has answers, written or still sealed waiting for
    their batch (deleting would lose acknowledged answers): archive it instead.
    """
    if answer_count(campaign):
        raise CampaignInvalid({"delete": _(
            "This campaign has answers and cannot be deleted. Archive it instead.")})
    slug = campaign.slug
    db.session.delete(campaign)
    db.session.flush()
    record(user, "campaign_deleted", f"campaign {slug}")


@dataclass
class Overview:
    """What the campaign overview shows: status, counts by area and channel, response rate."""

    status: str
    days_left: int | None
    rates: list[AreaRate]
    total: AreaRate
    by_area: dict[str, dict[str, int]]
    responses: int  # written and sealed: every answer acknowledged to a resident
    waiting: int  # of those, sealed answers not yet written by their anonymity batch


def overview(campaign: Campaign, today: date) -> Overview:
    """Counts only: responses per area and channel, invitations and the response rate.

    Sealed answers have no area or channel until their batch writes them, so they count in
    the total only.
    """
    by_area: dict[str, dict[str, int]] = {}
    rows = db.session.execute(
        select(Response.area_code, Response.channel, func.count())
        .where(Response.campaign_id == campaign.id)
        .group_by(Response.area_code, Response.channel))
    for area_code, channel, count in rows:
        by_area.setdefault(area_code or "", {})[channel] = int(count)
    status = campaign.status(today)
    running = status in (CampaignStatus.OPEN, CampaignStatus.UPCOMING)
    days_left = (campaign.closes - today).days if running else None
    rates = response_rates(campaign)
    written = sum(sum(channels.values()) for channels in by_area.values())
    answers = answer_count(campaign)
    return Overview(status, days_left, rates, totals(rates), by_area, answers, answers - written)
