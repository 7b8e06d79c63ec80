"""Operations on campaigns, drafts and responses. They flush; the request commits."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Collection
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import Row, delete, func, select, update
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from surveyapp.db import db, rowcount
from surveyapp.geo.models import Area
from surveyapp.surveys.codes import (
    derive_code,
    hash_code,
    hash_draft_key,
    new_resume_token,
    normalise_code,
)
from surveyapp.surveys.flow import Flow
from surveyapp.surveys.models import (
    Campaign,
    CampaignStatus,
    Channel,
    Draft,
    Invitation,
    PendingAnswer,
    QuestionnaireVersion,
    Response,
    SubmittedKey,
    campaign_area,
)
from surveyapp.surveys.sealing import keyed_hash, seal


class Refusal(StrEnum):
    """Why a resident cannot go on (each has its message in ``surveys.messages``)."""

    NOT_YET = "not_yet"
    CLOSED = "closed"
    EMPTY_CODE = "empty_code"
    UNKNOWN_CODE = "unknown_code"
    USED_CODE = "used_code"
    UNKNOWN_LINK = "unknown_link"
    NO_DRAFT = "no_draft"


class FlowError(Exception):
    """A resident cannot go on; ``reason`` picks the translated message shown."""

    def __init__(self, reason: Refusal) -> None:
        super().__init__(reason)
        self.reason = reason


def find_campaign(slug: str) -> Campaign | None:
    """The campaign with this slug."""
    # The questionnaire row comes in the same query (every respondent request needs it), but
    # not its large definition: the parsed model is found by the stored digest, and the
    # definition is read only when this process has not parsed it yet.
    questionnaire = joinedload(Campaign.questionnaire).defer(QuestionnaireVersion.definition)
    query = select(Campaign).options(questionnaire)
    return db.session.scalar(query.where(Campaign.slug == slug))


def open_campaigns(today: date) -> list[Campaign]:
    """The campaigns residents can answer on ``today`` (:meth:`Campaign.status`), by name."""
    running = select(Campaign).where(Campaign.opens <= today, Campaign.closes >= today)
    return [campaign for campaign in db.session.scalars(running.order_by(Campaign.name))
            if campaign.status(today) == CampaignStatus.OPEN]


def list_campaigns(archived: bool = False) -> list[Campaign]:
    """Campaigns not archived (or, when asked, only the archived ones), newest first."""
    query = select(Campaign).order_by(Campaign.opens.desc(), Campaign.slug)
    if archived:
        query = query.where(Campaign.archived_on.is_not(None))
    else:
        query = query.where(Campaign.archived_on.is_(None))
    return list(db.session.scalars(query))


def answer_counts(campaign_ids: Collection[int] | None = None) -> dict[int, int]:
    """Answers per campaign id: written responses plus those sealed and waiting for their
    anonymity batch (counts only; analysts' results read written responses)."""
    counts: dict[int, int] = {}
    for model in (Response, PendingAnswer):
        query = select(model.campaign_id, func.count()).group_by(model.campaign_id)
        if campaign_ids is not None:
            query = query.where(model.campaign_id.in_(list(campaign_ids)))
        for campaign_id, count in db.session.execute(query):
            counts[campaign_id] = counts.get(campaign_id, 0) + count
    return counts


def answer_count(campaign: Campaign) -> int:
    """The campaign's answers, written or waiting for their batch (see :func:`answer_counts`)."""
    return answer_counts([campaign.id]).get(campaign.id, 0)


def check_open(campaign: Campaign, today: date) -> None:
    """Raise ``FlowError`` (``NOT_YET`` or ``CLOSED``) unless residents can answer today."""
    status = campaign.status(today)
    if status == CampaignStatus.UPCOMING:
        raise FlowError(Refusal.NOT_YET)
    if status != CampaignStatus.OPEN:
        raise FlowError(Refusal.CLOSED)


def area_choices(campaign: Campaign) -> list[Row[tuple[str, str]]]:
    """The campaign's areas as (code, name) rows by name, for place questions: one small query
    that leaves the boundaries (``Area.geometry``) unread."""
    query = (
        select(Area.code, Area.name)
        .join(campaign_area, campaign_area.c.area_id == Area.id)
        .where(campaign_area.c.campaign_id == campaign.id)
        .order_by(Area.name)
    )
    return list(db.session.execute(query))


def flow_for(campaign: Campaign, draft: Draft | None = None) -> Flow:
    """The resident's path through the campaign's questionnaire."""
    return Flow(campaign.questionnaire.model(), tuple(draft.prefilled) if draft else ())


def start_with_code(campaign: Campaign, typed: str, language: str, today: date) -> str:
    """Check an invitation code and return the key of the resident's draft (new or resumed)."""
    code, invitation = unused_invitation(campaign, typed)
    key = code_draft_key(campaign, code)
    if find_draft(campaign, key) is None:
        answers, prefilled = prefill(flow_for(campaign), invitation)
        db.session.add(
            Draft(
                campaign_id=campaign.id,
                key_hash=hash_draft_key(campaign.slug, key),
                invitation_id=invitation.id,
                answers=answers,
                prefilled=prefilled,
                language=language,
                updated_on=today,
            )
        )
        db.session.flush()
    return key


def unused_invitation(campaign: Campaign, typed: str) -> tuple[str, Invitation]:
    """The normalised code and its invitation; ``FlowError`` when the code is empty, unknown
    or already used."""
    code = normalise_code(typed)
    if not code:
        raise FlowError(Refusal.EMPTY_CODE)
    invitation = db.session.scalar(
        select(Invitation).where(
            Invitation.campaign_id == campaign.id,
            Invitation.code_hash == hash_code(campaign.slug, code),
        )
    )
    if invitation is None:
        raise FlowError(Refusal.UNKNOWN_CODE)
    if invitation.used:
        raise FlowError(Refusal.USED_CODE)
    return code, invitation


def code_draft_key(campaign: Campaign, code: str) -> str:
    """The key a code's draft is found by, kept in the resident's cookie: an HMAC of the code
    under ``SECRET_KEY``, so neither the cookie nor the stored hash of it holds the code."""
    return "code:" + keyed_hash("draft-key", f"{campaign.slug}:{normalise_code(code)}")


def _tombstone(campaign: Campaign, key_hash: str) -> str:
    """The keyed hash stored once the draft with ``key_hash`` has been submitted."""
    return keyed_hash("submitted", f"{campaign.slug}:{key_hash}")


def start_open(campaign: Campaign, language: str, today: date) -> str:
    """Start an open-link draft; the returned token lets the resident resume later."""
    token = new_resume_token()
    db.session.add(
        Draft(
            campaign_id=campaign.id,
            key_hash=hash_draft_key(campaign.slug, f"open:{token}"),
            answers={},
            prefilled=[],
            language=language,
            updated_on=today,
        )
    )
    db.session.flush()
    return f"open:{token}"


def find_draft(campaign: Campaign, key: str | None) -> Draft | None:
    """The draft found by a key kept in the resident's session or resume link."""
    if not key:
        return None
    return db.session.scalar(
        select(Draft).where(
            Draft.campaign_id == campaign.id,
            Draft.key_hash == hash_draft_key(campaign.slug, key),
        )
    )


def was_submitted(campaign: Campaign, key: str | None) -> bool:
    """Whether the draft found by ``key`` has already been sent."""
    if not key:
        return False
    tombstone = _tombstone(campaign, hash_draft_key(campaign.slug, key))
    return db.session.get(SubmittedKey, tombstone) is not None


def save_answers(draft: Draft, values: dict[str, Any], language: str, today: date) -> bool:
    """Merge a page's valid values into the draft (``None`` clears an answer).

    A conditional UPDATE, so a draft that a simultaneous request has just submitted (and
    deleted) is reported with ``False`` instead of failing the request.
    """
    answers = dict(draft.answers)
    for variable, value in values.items():
        if value is None:
            answers.pop(variable, None)
        else:
            answers[variable] = value
    changes = {"answers": answers, "language": language, "updated_on": today}
    updated = db.session.execute(
        update(Draft).where(Draft.id == draft.id).values(**changes),
        execution_options={"synchronize_session": False},
    )
    if rowcount(updated) != 1:
        return False
    for name, value in changes.items():
        set_committed_value(draft, name, value)
    return True


def submit(campaign: Campaign, draft: Draft) -> bool:
    """Seal a complete draft's answers into the pending store, exactly once.

    The draft row is deleted with a conditional DELETE; when a concurrent or repeated submit
    already deleted it, nothing is written and ``False`` is returned. In the same transaction
    the invitation is marked used and a keyed tombstone is stored; the answers go into a
    ``PendingAnswer`` with a random id, sealed under ``SECRET_KEY``. The response itself is
    written later by the batch step, in another transaction, among at least k others.
    """
    flow = flow_for(campaign, draft)
    answers = flow.final_answers(draft.answers)
    strata = flow.strata(answers)
    invitation_id, language = draft.invitation_id, draft.language
    key_hash = draft.key_hash
    # A savepoint: a code found used only after the draft is deleted raises from inside it,
    # so the refusal page (a normal return, committed) leaves the draft as it was.
    with db.session.begin_nested():
        deleted = db.session.execute(delete(Draft).where(Draft.id == draft.id))
        if rowcount(deleted) != 1:
            return False
        db.session.add(
            SubmittedKey(key_hash=_tombstone(campaign, key_hash), campaign_id=campaign.id)
        )
        if invitation_id is not None:
            use_invitation(invitation_id)
        channel = Channel.INVITATION if invitation_id is not None else Channel.OPEN
        seal_pending(campaign, channel, language, answers, strata)
    return True


def use_invitation(invitation_id: int) -> None:
    """Mark the invitation used with a conditional UPDATE (a flag, never a time); raise
    ``FlowError(USED_CODE)`` when it already was, e.g. by a simultaneous submit."""
    used = db.session.execute(
        update(Invitation)
        .where(Invitation.id == invitation_id, Invitation.used.is_(False))
        .values(used=True)
    )
    if rowcount(used) != 1:
        raise FlowError(Refusal.USED_CODE)


def seal_pending(campaign: Campaign, channel: Channel, language: str, answers: dict[str, Any],
                 strata: dict[str, str | None]) -> None:
    """Seal an answer set into the pending store (random id, no code, invitation or date)."""
    sealed = seal({"channel": channel, "language": language, "answers": answers, **strata})
    db.session.add(PendingAnswer(id=uuid.uuid4().hex, campaign_id=campaign.id, sealed=sealed))


def invitation_code(campaign: Campaign, serial: str) -> str:
    """The code of the frame row with serial number ``serial`` (*löpnummer*): always the same
    for the same campaign and serial, never stored, and not computable from the database
    alone (the key is an HMAC under ``SECRET_KEY`` of the campaign's random salt)."""
    if campaign.code_salt is None:
        campaign.code_salt = secrets.token_hex(16)
    key = bytes.fromhex(keyed_hash("invitation-code", campaign.code_salt))
    return derive_code(key, serial.strip())


def submit_paper(campaign: Campaign, code: str, invitation: Invitation, answers: dict[str, Any],
                 strata: dict[str, str | None], language: str) -> None:
    """Use ``code`` for a paper questionnaire entered by staff, exactly as a web submit uses it.

    One savepoint: the invitation is marked used (``FlowError(USED_CODE)`` when a web submit
    or another entry was first, and then nothing is written), a web draft begun with the code
    is deleted, the same keyed tombstone as a web submit is stored (so the database shows no
    difference between a paper and a web use of a code) and the answers are sealed into the
    pending store with ``channel = paper``, to be written by the batch step among others.
    """
    key_hash = hash_draft_key(campaign.slug, code_draft_key(campaign, code))
    with db.session.begin_nested():
        use_invitation(invitation.id)
        db.session.execute(delete(Draft).where(Draft.invitation_id == invitation.id))
        db.session.add(
            SubmittedKey(key_hash=_tombstone(campaign, key_hash), campaign_id=campaign.id)
        )
        seal_pending(campaign, Channel.PAPER, language, answers, strata)


def create_invitations(campaign: Campaign, frame: list[dict[str, str | None]]) -> list[str]:
    """Make one single-use invitation per sampling-frame row (serial, area_code, sex,
    age_group); the serial must not have had a letter yet (see ``existing_invitations``).

    Returns the codes in clear, for printing letters; only their hashes are stored.
    """
    codes = []
    for row in frame:
        code = invitation_code(campaign, row["serial"] or "")
        db.session.add(
            Invitation(
                campaign_id=campaign.id,
                code_hash=hash_code(campaign.slug, code),
                area_code=row.get("area_code"),
                sex=row.get("sex"),
                age_group=row.get("age_group"),
            )
        )
        codes.append(code)
    db.session.flush()
    return codes


def invitations_by_code(campaign: Campaign, codes: Collection[str]) -> dict[str, Invitation]:
    """The campaign's invitations with these codes, by code (codes without one are left out)."""
    by_hash = {hash_code(campaign.slug, code): code for code in codes}
    found: dict[str, Invitation] = {}
    hashes = list(by_hash)
    for start in range(0, len(hashes), 500):
        chunk = hashes[start:start + 500]
        for invitation in db.session.scalars(select(Invitation).where(
                Invitation.campaign_id == campaign.id, Invitation.code_hash.in_(chunk))):
            found[by_hash[invitation.code_hash]] = invitation
    return found


def prefill(flow: Flow, invitation: Invitation) -> tuple[dict[str, Any], list[str]]:
    """Answers known from the sampling frame, so their questions are not asked again."""
    answers: dict[str, Any] = {}
    known = {"sex": invitation.sex, "age_group": invitation.age_group, "area": invitation.area_code}
    for stratum, value in known.items():
        question = flow.questionnaire.stratum_question(stratum)
        if question is None or not value:
            continue
        answers[question.id] = {"area": value} if stratum == "area" else _as_code(question, value)
    return answers, list(answers)


def _as_code(question, value: str) -> Any:
    choice = question.choice(value)
    return choice.code if choice else value
