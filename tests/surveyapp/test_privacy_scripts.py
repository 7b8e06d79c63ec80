"""Privacy find/erase in every script: å ä ö, Arabic and Tigrinya (Ethiopic), in plain text
columns, in JSON stored as UTF-8 and in JSON stored before with escaped non-ASCII, and in
sealed pending answers; on SQLite and PostgreSQL (the conftest runs both)."""

from __future__ import annotations

import json
import uuid
from datetime import date

import pytest
import sqlalchemy as sa

from surveyapp.db import db
from surveyapp.dialogue.models import Pin
from surveyapp.retention import erase_text, find_text
from surveyapp.surveys.models import PendingAnswer, Response
from surveyapp.surveys.sealing import seal, unseal
from surveyapp.surveys.services import find_campaign
from surveyapp.text_search import like_patterns

SWEDISH = "Mörkt på kvällen vid Åsas kiosk"
ARABIC = "الشارع مظلم في المساء"
TIGRINYA = "ኣብ ምሸት ጸልማት እዩ"


def _old_escaped_response(campaign_id: int, answers: dict) -> int:
    """A response written as before: JSON with ``\\uXXXX`` escapes (ensure_ascii=True)."""
    row_id = 424242
    text = json.dumps(answers)  # the old default: every non-ASCII character escaped
    assert "\\u" in text
    cast = "CAST(:answers AS JSON)" if db.engine.dialect.name == "postgresql" else ":answers"
    db.session.execute(sa.text(
        "INSERT INTO response (id, campaign_id, channel, language, answers, status, "
        f"submitted_on) VALUES (:id, :campaign, 'invitation', 'sv', {cast}, 'complete', "
        ":day)"), {"id": row_id, "campaign": campaign_id, "answers": text,
                   "day": date.today()})
    return row_id


def _stored_text(row_id: int) -> str:
    return db.session.execute(sa.select(sa.cast(Response.answers, sa.Text))
                              .where(Response.id == row_id)).scalar_one()


@pytest.fixture
def stored(app, make_campaign):
    """Texts in each script in pins, new responses, an old escaped response and a sealed
    pending answer."""
    with app.app_context():
        campaign = find_campaign(make_campaign())
        today = date.today()
        db.session.add_all([
            Pin(lat=57.6, lng=14.7, category="belysning", created_on=today, comment=SWEDISH),
            Pin(lat=57.6, lng=14.7, category="belysning", created_on=today, comment=ARABIC),
            Pin(lat=57.6, lng=14.7, category="belysning", created_on=today, comment="Ljust"),
        ])
        new = Response(campaign_id=campaign.id, channel="invitation", language="ti",
                       answers={"trygg_kvall": 2, "forbattring": TIGRINYA,
                                "otrygg_plats_beskrivning": "Bra belysning"},
                       submitted_on=today)
        db.session.add(new)
        db.session.flush()
        old = _old_escaped_response(campaign.id, {"trygg_kvall": 3, "forbattring": SWEDISH,
                                                  "otrygg_plats_beskrivning": ARABIC})
        pending = uuid.uuid4().hex
        db.session.add(PendingAnswer(id=pending, campaign_id=campaign.id, sealed=seal(
            {"channel": "open", "language": "ar", "answers": {"forbattring": ARABIC,
                                                               "trygg_kvall": 1}})))
        db.session.commit()
        return {"new": new.id, "old": old, "pending": pending}


def test_new_json_is_stored_as_utf8_not_escaped(app, stored):
    with app.app_context():
        text = _stored_text(stored["new"])
        assert TIGRINYA in text and "\\u" not in text


@pytest.mark.parametrize("needle", ["KVÄLLEN", "kvällen", "åsas", "ÅSAS KIOSK"])
def test_swedish_letters_in_any_case_are_found_in_every_form(app, stored, needle):
    with app.app_context():
        found = sorted((m.table, m.column, m.text) for m in find_text(needle))
        assert found == [("pin", "comment", SWEDISH),
                         ("response", "answers.forbattring", SWEDISH)]


def test_arabic_is_found_in_pins_old_responses_and_sealed_answers(app, stored):
    with app.app_context():
        found = {(m.table, m.column, m.text) for m in find_text("مظلم في")}
        assert found == {("pin", "comment", ARABIC),
                         ("response", "answers.otrygg_plats_beskrivning", ARABIC),
                         ("pending_answer", "answers.forbattring", ARABIC)}


def test_tigrinya_is_found_and_nothing_else(app, stored):
    with app.app_context():
        found = [(m.table, m.row_id, m.column) for m in find_text("ጸልማት")]
        assert found == [("response", stored["new"], "answers.forbattring")]
        assert find_text("ጸልማትት") == []


def test_erase_removes_each_script_everywhere_and_keeps_the_rest(app, stored):
    with app.app_context():
        assert erase_text("ÅSAS") == 2
        assert erase_text("المساء") == 3
        assert erase_text("ምሸት") == 1
        db.session.flush()
        for needle in ("åsas", "المساء", "ምሸት"):
            assert find_text(needle) == []
        old = json.loads(_stored_text(stored["old"]))
        assert old == {"trygg_kvall": 3}
        new = db.session.get(Response, stored["new"])
        db.session.refresh(new)
        assert new.answers == {"trygg_kvall": 2, "otrygg_plats_beskrivning": "Bra belysning"}
        sealed = db.session.get(PendingAnswer, stored["pending"])
        db.session.refresh(sealed)
        assert unseal(sealed.sealed)["answers"] == {"trygg_kvall": 1}
        comments = sorted(str(c) for c in db.session.scalars(sa.select(Pin.comment)))
        assert comments == ["Ljust", "None", "None"]


def test_cli_find_and_erase_with_tigrinya(app, stored):
    runner = app.test_cli_runner()
    shown = runner.invoke(args=["privacy", "find", "ጸልማት"])
    assert shown.exit_code == 0, shown.output
    assert TIGRINYA in shown.output and "1 found" in shown.output
    erased = runner.invoke(args=["privacy", "erase", "ጸልማት", "--yes"])
    assert "1 texts erased" in erased.output


def test_patterns_are_supersets_of_both_json_forms():
    """Every stored form of the text matches one of the LIKE patterns (checked with a tiny
    LIKE implementation: % any run, _ one character, backslash escapes)."""
    import re

    def like(pattern: str, text: str) -> bool:
        regex = ""
        chars = iter(pattern)
        for char in chars:
            if char == "\\":
                regex += re.escape(next(chars))
            else:
                regex += {"%": ".*", "_": "."}.get(char, re.escape(char))
        return re.fullmatch(regex, text, re.S) is not None

    for text, needle in ((SWEDISH, "KVÄLLEN"), (ARABIC, "مظلم"), (TIGRINYA, "ጸልማት"),
                         ('Han sa "Åh"', '"åh"')):
        forms = [json.dumps({"a": text}), json.dumps({"a": text}, ensure_ascii=False)]
        for form in forms:
            assert any(like(p, form.lower()) for p in like_patterns(needle, True)), form
    assert not any(like(p, json.dumps({"a": "Ljust"}).lower())
                   for p in like_patterns("kvällen", True))
