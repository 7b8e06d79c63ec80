"""Survey free text: brought into moderation, decided, and exported once approved.

Who sees what: a moderator (and an admin, who has every role) sees the raw text in the queue,
and each time the queue shows texts an audit event says so (counts, no response ids); an
analyst's export holds approved text only. Rejected text is deleted from the response, as a
rejected pin's text is. Only responses already written by the batch step are moderated
(pending answers are sealed), in random-id order.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from questionnaires import Questionnaire
from surveyapp.db import db
from surveyapp.dialogue.flags import personal_data_flags
from surveyapp.survey_texts.models import SurveyText, TextStatus
from surveyapp.surveys.models import Campaign, Response, ResponseStatus

DECISIONS = ("approve", "reject")


def text_variables(model: Questionnaire) -> list[str]:
    """The free-text questions of a questionnaire, in order."""
    return [q.id for q in model.questions() if q.question_type.name == "text"]


def _texts(campaign: Campaign, variables: list[str]) -> list[tuple[int, str | None, str, str]]:
    """``(response id, area, variable, text)`` for every non-empty free-text answer."""
    if not variables:
        return []
    columns = [Response.answers[v].as_string() for v in variables]
    rows = db.session.execute(select(Response.id, Response.area_code, *columns).where(
        Response.campaign_id == campaign.id, Response.status == ResponseStatus.COMPLETE))
    return [(row[0], row[1], variable, text) for row in rows
            for variable, text in zip(variables, row[2:], strict=True)
            if isinstance(text, str) and text.strip()]


def sync(campaign: Campaign) -> int:
    """Give every free-text answer of the campaign's written responses a moderation row
    (pending, with its personal-data flags); returns how many were added (flush only). A
    concurrent sync that added the same rows first is not an error."""
    variables = text_variables(campaign.questionnaire.model())
    known = set(db.session.execute(select(SurveyText.response_id, SurveyText.variable)
                                   .where(SurveyText.campaign_id == campaign.id)))
    new = [SurveyText(response_id=rid, campaign_id=campaign.id, variable=variable,
                      status=TextStatus.PENDING, flags=personal_data_flags(text))
           for rid, _area, variable, text in _texts(campaign, variables)
           if (rid, variable) not in known]
    if not new:
        return 0
    try:
        with db.session.begin_nested():
            db.session.add_all(new)
    except IntegrityError:
        return 0
    return len(new)


@dataclass(frozen=True)
class QueuedText:
    """A text waiting for a moderator: its row, the campaign, the question and the text."""

    item: SurveyText
    campaign: Campaign
    question: str
    text: str


def queue(language: str, limit: int = 100) -> list[QueuedText]:
    """Pending survey texts of every campaign (synced first), in random-id order."""
    campaigns = list(db.session.scalars(select(Campaign).order_by(Campaign.id)))
    for campaign in campaigns:
        sync(campaign)
    by_id = {c.id: c for c in campaigns}
    rows = db.session.execute(
        select(SurveyText, Response.answers).join(Response, Response.id == SurveyText.response_id)
        .where(SurveyText.status == TextStatus.PENDING).order_by(SurveyText.id).limit(limit))
    out = []
    for item, answers in rows:
        text = (answers or {}).get(item.variable)
        if not isinstance(text, str):  # erased meanwhile (privacy request)
            continue
        campaign = by_id[item.campaign_id]
        question = campaign.questionnaire.model().question(item.variable)
        out.append(QueuedText(item, campaign, question.text(language), text))
    return out


def pending_text(text_id: int) -> SurveyText | None:
    """The survey text ``text_id`` if it still waits for a decision."""
    item = db.session.get(SurveyText, text_id)
    return item if item is not None and item.status == TextStatus.PENDING else None


def decide(item: SurveyText, decision: str) -> None:
    """Approve, or reject (the text is deleted from the response). Flush only."""
    if decision not in DECISIONS:
        raise ValueError(decision)
    if decision == "approve":
        item.status = TextStatus.APPROVED
    else:
        item.status = TextStatus.REJECTED
        response = db.session.get(Response, item.response_id)
        if response is not None and item.variable in (response.answers or {}):
            response.answers = {k: v for k, v in response.answers.items()
                                if k != item.variable}
    db.session.flush()


def counts(campaign: Campaign) -> dict[str, int]:
    """Survey texts per status (after a sync), for the analyst's pages."""
    sync(campaign)
    rows = db.session.execute(select(SurveyText.status, func.count())
                              .where(SurveyText.campaign_id == campaign.id)
                              .group_by(SurveyText.status))
    found = {str(status): int(n) for status, n in rows}
    return {status.value: found.get(status.value, 0) for status in TextStatus}


def approved_texts(campaign: Campaign, threshold: int, language: str) -> list[dict]:
    """Approved texts for an analyst: question id and text, the area only where the campaign
    has at least ``threshold`` responses (a text in a small area could point at a person);
    random-id order within each question."""
    sync(campaign)
    model = campaign.questionnaire.model()
    variables = text_variables(model)
    approved = {(rid, variable): text_id for text_id, rid, variable in db.session.execute(
        select(SurveyText.id, SurveyText.response_id, SurveyText.variable).where(
            SurveyText.campaign_id == campaign.id,
            SurveyText.status == TextStatus.APPROVED))}
    texts = [t for t in _texts(campaign, variables) if (t[0], t[2]) in approved]
    sizes = Counter(db.session.scalars(select(Response.area_code).where(
        Response.campaign_id == campaign.id, Response.status == ResponseStatus.COMPLETE)))
    order = {v: i for i, v in enumerate(variables)}
    texts.sort(key=lambda t: (order[t[2]], approved[(t[0], t[2])]))
    return [{"variable": variable, "question": model.question(variable).text(language),
             "area": area if area and sizes[area] >= threshold else "", "text": text}
            for _rid, area, variable, text in texts]
