"""Medborgarlöften: validated staff forms, commitments tied to actions, public page in sv and ar
with ``lang`` on every text."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from surveyapp.actions.models import Action
from surveyapp.db import db
from surveyapp.promises.models import CitizenPromise
from tests.conftest import csrf_token
from tests.surveyapp.cycle_data import organisation

PROMISE = {"slug": "centrum-2026", "area": "", "period_start": "2026-01-01",
           "period_end": "2027-12-31", "signed_police": "Lokalpolisområdeschef A. Berg",
           "signed_municipality": "Kommunstyrelsens ordförande B. Ek", "signed_on": "2026-01-15",
           "title_sv": "Tryggare centrum", "text_sv": "Vi lovar mer belysning.\n\nOch fler möten.",
           "title_ar": "مركز أكثر أمانًا", "text_ar": "نعد بمزيد من الإضاءة."}


@pytest.fixture
def coordinator(app, log_in):
    return log_in(app.test_client(), ["coordinator"])


def _post(client, path: str, **data):
    token = csrf_token(client, "/staff/promises")
    return client.post(path + "?lang=sv", data={"csrf_token": token, **data})


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(CitizenPromise))


@pytest.mark.parametrize(("fields", "message"), [
    ({"title_sv": ""}, "Ge löftet en svensk rubrik."),
    ({"text_sv": ""}, "Skriv löftet på svenska."),
    ({"slug": "Centrum 2026"}, "Använd 2–59 små bokstäver a–z, siffror och bindestreck."),
    ({"signed_police": ""}, "Skriv vem som skrev under för polisen."),
    ({"period_end": "2025-01-01"}, "Perioden slutar innan den börjar."),
])
def test_a_wrong_promise_is_refused_and_nothing_stored(app, coordinator, fields, message):
    response = _post(coordinator, "/staff/promises", **{**PROMISE, **fields})
    assert response.status_code == 422 and message in response.text
    assert _count(app) == 0


def test_a_published_promise_in_swedish_and_arabic(app, coordinator, client):
    streets = organisation(app, "Gatukontoret")
    with app.app_context():
        action = Action(title="Belysning i tunneln", organisation_id=streets,
                        status="in_progress", updated_on=date.today())
        db.session.add(action)
        db.session.commit()
        action_id = action.id
    assert _post(coordinator, "/staff/promises", **PROMISE).status_code == 303
    assert _post(coordinator, "/staff/promises", **PROMISE).status_code == 422, "address taken"
    with app.app_context():
        promise_id = db.session.scalar(select(CitizenPromise.id))
    base = f"/staff/promises/{promise_id}"
    assert _post(coordinator, f"{base}/commitments", commitment_sv="Tunneln får ny belysning",
                 action=str(action_id), series="").status_code == 303
    assert _post(coordinator, f"{base}/commitments", commitment_sv="",
                 commitment_ar="x").status_code == 422
    assert _post(coordinator, f"{base}/follow-ups", noted_on="2026-07-01",
                 note="Halva armaturerna är bytta").status_code == 303
    assert client.get("/medborgarloften/centrum-2026").status_code == 404, "not yet public"
    assert _post(coordinator, f"{base}/publish", published="1").status_code == 303

    swedish = client.get("/medborgarloften/centrum-2026?lang=sv").text
    assert '<h1 lang="sv" dir="ltr">Tryggare centrum</h1>' in swedish
    assert "Och fler möten." in swedish and "Pågår" in swedish
    assert "Halva armaturerna är bytta" in swedish

    arabic = client.get("/medborgarloften/centrum-2026?lang=ar").text
    assert '<html lang="ar" dir="rtl">' in arabic
    assert '<h1 lang="ar" dir="rtl">مركز أكثر أمانًا</h1>' in arabic
    assert re.search(r'<div class="promise-text" lang="ar" dir="rtl"><p>نعد بمزيد', arabic)
    # the commitment has no Arabic text: the Swedish one, marked as Swedish, left to right
    assert '<span lang="sv" dir="ltr">Tunneln får ny belysning</span>' in arabic
    assert "ما نعد به" in arabic, "the page's own headings in Arabic"
    listing = client.get("/medborgarloften?lang=ar").text
    assert 'lang="ar" dir="rtl">مركز أكثر أمانًا</a>' in listing


def test_the_public_actions_page_marks_swedish_texts(app, client):
    streets = organisation(app, "Gatukontoret")
    with app.app_context():
        db.session.add(Action(title="Belysning i tunneln", organisation_id=streets,
                              status="done", public_feedback="Klart i juni.",
                              updated_on=date.today()))
        db.session.commit()
    page = client.get("/atgarder?lang=ar").text
    assert '<h3 lang="sv">Belysning i tunneln</h3>' in page
    assert '<p class="feedback" lang="sv" dir="ltr">Klart i juni.</p>' in page
