"""Survey free text: moderated with personal-data flags before an analyst export shows it;
raw text only to moderators, audited without response ids; nothing dated (SQLite and
PostgreSQL through the conftest)."""

from __future__ import annotations

import csv
import io
import re
import uuid
from datetime import date

import pytest
import sqlalchemy as sa

from surveyapp.auth.models import AuditEvent
from surveyapp.csv_dialects import BOM, EXCEL_SV
from surveyapp.db import db
from surveyapp.survey_texts.models import SurveyText
from surveyapp.surveys.models import PendingAnswer, Response
from surveyapp.surveys.sealing import seal
from surveyapp.surveys.services import find_campaign
from tests.conftest import csrf_token

QUEUE = "/staff/moderation/survey-texts"
FLAGGED = "Ring mig på 070-123 45 67 om belysningen"
PLAIN = "Mer belysning vid ån, kvällen är mörk"
SEALED = "Väntar fortfarande i förseglad form"


@pytest.fixture
def texts(app, make_campaign):
    """Two written responses with free text, one without, one sealed pending answer."""
    slug = make_campaign("texts")
    with app.app_context():
        campaign = find_campaign(slug)
        code = campaign.areas[0].code
        ids = []
        for answers in ({"trygg_kvall": 2, "forbattring": FLAGGED},
                        {"trygg_kvall": 3, "otrygg_plats_beskrivning": PLAIN},
                        {"trygg_kvall": 1}):
            response = Response(campaign_id=campaign.id, channel="invitation", language="sv",
                                area_code=code, sex="f", age_group="25-44", answers=answers,
                                submitted_on=date.today())
            db.session.add(response)
            db.session.flush()
            ids.append(response.id)
        db.session.add(PendingAnswer(id=uuid.uuid4().hex, campaign_id=campaign.id, sealed=seal(
            {"channel": "open", "language": "sv", "answers": {"forbattring": SEALED}})))
        db.session.commit()
    return {"slug": slug, "ids": ids, "area": code}


def _export(client, slug: str) -> list[dict]:
    response = client.get(f"/staff/results/{slug}/export/texts.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    plain = client.get(f"/staff/results/{slug}/export/texts.csv?format=rfc4180")
    assert list(csv.DictReader(io.StringIO(plain.get_data(as_text=True), newline=""))) == list(
        csv.DictReader(io.StringIO(response.get_data(as_text=True).removeprefix(BOM),
                                   newline=""), delimiter=EXCEL_SV.delimiter))
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True).removeprefix(BOM)),
                               delimiter=EXCEL_SV.delimiter))


def _text_ids(html: str) -> dict[str, int]:
    """Text → id of the moderation form that decides it."""
    found = {}
    for item in re.findall(r'<li id="text-(\d+)">(.*?)</li>', html, re.S):
        for text in (FLAGGED, PLAIN, SEALED):
            if text in item[1]:
                found[text] = int(item[0])
    return found


def test_only_moderators_see_raw_text_and_analysts_only_approved(app, client, texts, log_in):
    log_in(client, ["analyst"])
    assert client.get(QUEUE).status_code == 403
    assert _export(client, texts["slug"]) == []  # nothing approved yet
    log_in(client, ["moderator"])
    assert client.get(f"/staff/results/{texts['slug']}/export/texts.csv").status_code == 403


def test_queue_flags_personal_data_and_leaves_sealed_answers_out(app, client, texts, log_in):
    log_in(client, ["moderator"], "mod@kommun.se")
    html = client.get(QUEUE).get_data(as_text=True)
    ids = _text_ids(html)
    assert set(ids) == {FLAGGED, PLAIN}  # the sealed answer is not written yet
    flagged_item = html.split(f'id="text-{ids[FLAGGED]}"', 1)[1].split("</li>", 1)[0]
    plain_item = html.split(f'id="text-{ids[PLAIN]}"', 1)[1].split("</li>", 1)[0]
    assert 'class="err"' in flagged_item and 'class="err"' not in plain_item
    with app.app_context():
        events = db.session.execute(sa.select(AuditEvent.email, AuditEvent.action,
                                              AuditEvent.object)
                                    .where(AuditEvent.action != "login")).all()
        assert events == [("mod@kommun.se", "survey_texts_viewed", "2 texts")]
        flags = dict(db.session.execute(sa.select(SurveyText.variable, SurveyText.flags)).all())
        assert flags == {"forbattring": ["phone"], "otrygg_plats_beskrivning": []}


def test_approve_and_reject_then_export_shows_approved_text_only(app, client, texts, log_in,
                                                                 monkeypatch):
    log_in(client, ["moderator"], "mod@kommun.se")
    ids = _text_ids(client.get(QUEUE).get_data(as_text=True))
    token = csrf_token(client, QUEUE)
    for text, decision in ((PLAIN, "approve"), (FLAGGED, "reject")):
        answer = client.post(f"{QUEUE}/{ids[text]}", data={"csrf_token": token,
                                                           "decision": decision})
        assert answer.status_code == 303
    assert client.post(f"{QUEUE}/{ids[PLAIN]}", data={"csrf_token": token,
                                                     "decision": "approve"}).status_code == 404
    with app.app_context():
        rejected = db.session.get(Response, texts["ids"][0])
        assert rejected.answers == {"trygg_kvall": 2}  # the rejected text is deleted
        objects = db.session.scalars(sa.select(AuditEvent.object).where(
            AuditEvent.action.in_(["survey_text_approve", "survey_text_reject"]))).all()
        assert sorted(objects) == ["campaign texts", "campaign texts"]
        every = " ".join(db.session.scalars(sa.select(AuditEvent.object)))
        assert not any(str(i) in every for i in texts["ids"] + list(ids.values()))
    log_in(client, ["analyst"])
    rows = _export(client, texts["slug"])
    assert [(r["variable"], r["area"], r["text"]) for r in rows] == [
        ("otrygg_plats_beskrivning", "", PLAIN)]  # 3 answers in the area < 30: no area
    monkeypatch.setitem(app.config, "RESULTS_MIN_N", 3)
    assert [r["area"] for r in _export(client, texts["slug"])] == [texts["area"]]


def test_moderation_rows_carry_no_date_and_random_ids(app, client, texts, log_in):
    log_in(client, ["moderator"])
    client.get(QUEUE)
    table = db.metadata.tables["survey_text"]
    assert not any(isinstance(c.type, sa.Date | sa.DateTime | sa.Time) for c in table.c)
    with app.app_context():
        ids = db.session.scalars(sa.select(SurveyText.id)).all()
        assert len(ids) == 2 and all(i > 2**20 for i in ids)


def test_approved_text_export_holds_no_live_formula(app, client, texts, log_in):
    formula = '=HYPERLINK("http://x.example","klicka")'
    with app.app_context():
        db.session.add(Response(campaign_id=find_campaign(texts["slug"]).id, channel="invitation",
                                language="sv", area_code=texts["area"], sex="m",
                                age_group="25-44", answers={"trygg_kvall": 2, "forbattring": formula},
                                submitted_on=date.today()))
        db.session.commit()
    log_in(client, ["moderator"])
    html = client.get(QUEUE).get_data(as_text=True)
    (text_id,) = [int(i) for i, body in re.findall(r'<li id="text-(\d+)">(.*?)</li>', html, re.S)
                  if "HYPERLINK" in body]
    answer = client.post(f"{QUEUE}/{text_id}", data={"csrf_token": csrf_token(client, QUEUE),
                                                     "decision": "approve"})
    assert answer.status_code == 303
    log_in(client, ["analyst"])
    response = client.get(f"/staff/results/{texts['slug']}/export/texts.csv")
    assert "filename*=UTF-8''texts-texts.csv" in response.headers["Content-Disposition"]
    (row,) = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).removeprefix(BOM)),
                                 delimiter=EXCEL_SV.delimiter))
    assert row["text"] == "'" + formula
