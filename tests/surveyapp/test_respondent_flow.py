"""The respondent flow through the HTTP interface, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import date

import sqlalchemy as sa

from surveyapp.db import db
from surveyapp.surveys.models import Draft, Invitation, Response
from tests.surveyapp.respondent import (
    FULL_PLAN,
    answer_all,
    csrf,
    post_page,
    start_open,
    start_with_code,
)


def responses(app):
    with app.app_context():
        return db.session.scalars(sa.select(Response)).all()


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_open_link_answers_whole_questionnaire_with_skip_logic(client, make_campaign):
    make_campaign(slug="open", mode="open")
    first = start_open(client, "open")
    answer_all(client, first, FULL_PLAN)
    [response] = responses(client.application)
    answers = response.answers
    assert answers["trygg_kvall"] == 4
    assert answers["otrygg_skal"] == ["morker", "folktomt"]
    assert answers["anmalt"] == 1 and answers["utsatt_antal"] == 2
    assert answers["omrade"] == {"area": "0682R002"}
    assert (response.area_code, response.sex, response.age_group) == ("0682R002", "f", "25-44")
    assert response.channel == "open"
    assert response.submitted_on == date.today()
    assert count(client.application, Draft) == 0


def test_skipped_branch_stores_no_answers_for_irrelevant_questions(client, make_campaign):
    make_campaign(slug="skip", mode="open")
    plan = dict(FULL_PLAN, trygg_kvall="1", utsatt=["inget"])
    answer_all(client, start_open(client, "skip"), plan)
    [response] = responses(client.application)
    for variable in ("otrygg_skal", "anmalt", "utsatt_antal"):
        assert variable not in response.answers
    assert response.answers["utsatt"] == ["inget"]


def test_follow_up_question_appears_on_the_same_page(client, make_campaign):
    make_campaign(slug="follow", mode="open")
    first = start_open(client, "follow")
    answer = post_page(client, first, FULL_PLAN)
    page = answer.location
    html = client.get(page).get_data(as_text=True)
    assert 'name="otrygg_skal"' not in html
    again = post_page(client, page, {"trygg_kvall": "5", "avstar": "3"})
    assert again.status_code == 303 and again.location == page
    html = client.get(page).get_data(as_text=True)
    assert 'name="otrygg_skal"' in html
    assert 'role="status"' in html


def test_invitation_code_prefills_strata_and_is_single_use(client, make_campaign, make_codes):
    campaign = make_campaign(slug="inv", mode="invitation")
    [code] = make_codes(campaign, area_code="0682R003", sex="m", age_group="65-84")
    response = start_with_code(client, "inv", code.lower().replace("-", " "))
    assert response.status_code == 303
    first = response.location
    html = client.get(first).get_data(as_text=True)
    assert 'name="kon"' not in html and 'name="omrade"' not in html
    answer_all(client, first, FULL_PLAN)
    [stored] = responses(client.application)
    assert (stored.area_code, stored.sex, stored.age_group) == ("0682R003", "m", "65-84")
    assert stored.channel == "invitation"
    assert code.replace("-", "") not in json.dumps(stored.answers)
    with client.application.app_context():
        assert db.session.scalar(sa.select(Invitation.used)) is True

    other = client.application.test_client()
    other.get("/?lang=en")
    used = start_with_code(other, "inv", code)
    assert used.status_code == 422, used.get_data(as_text=True)[-1500:]
    assert "already been used" in used.get_data(as_text=True)


def test_wrong_code_gets_a_clear_translated_message(client, make_campaign):
    make_campaign(slug="wrong", mode="invitation")
    client.get("/s/wrong?lang=en")
    response = start_with_code(client, "wrong", "AAAAA-BBBBB")
    assert response.status_code == 422
    assert "We could not find that code" in response.get_data(as_text=True)
    client.get("/s/wrong?lang=sv")
    swedish = start_with_code(client, "wrong", "AAAAA-BBBBB")
    assert "Vi hittade inte koden" in swedish.get_data(as_text=True)
    assert 'aria-invalid="true"' in swedish.get_data(as_text=True)


def test_code_of_a_closed_campaign_is_expired(client, make_campaign, make_codes):
    campaign = make_campaign(slug="old", mode="invitation", opens_in=-60, closes_in=-1)
    [code] = make_codes(campaign)
    page = client.get("/s/old?lang=en")
    assert page.status_code == 410
    assert "This survey closed on" in page.get_data(as_text=True)
    client.get("/?lang=en")
    html = client.get("/login").get_data(as_text=True)
    posted = client.post("/s/old/code", data={"csrf_token": csrf(html), "code": code})
    assert posted.status_code == 410
    assert "closed" in posted.get_data(as_text=True)


def test_campaign_not_yet_open_says_when(client, make_campaign):
    make_campaign(slug="soon", opens_in=3, closes_in=30)
    page = client.get("/s/soon?lang=en")
    assert "This survey opens on" in page.get_data(as_text=True)
    assert 'action="/s/soon/start"' not in page.get_data(as_text=True)


def test_validation_errors_keep_what_was_typed(client, make_campaign):
    make_campaign(slug="val", mode="open")
    first = start_open(client, "val")
    client.get(first + "?lang=en")
    html = client.get(first).get_data(as_text=True)
    bad = client.post(first, data={"csrf_token": csrf(html), "action": "next", "kon": "f"})
    assert bad.status_code == 303 and bad.location == first
    shown = client.get(first)
    body = shown.get_data(as_text=True)
    assert shown.status_code == 200
    assert "Some answers need fixing" in body
    assert body.count('class="err"') == 2
    assert 'value="f" checked' in body
    # The valid answer is kept even though the page had errors: leaving and coming back shows it.
    again = client.get(first).get_data(as_text=True)
    assert 'value="f" checked' in again


def test_number_and_text_limits_are_checked(client, make_campaign):
    """Each limit stops its own page; fixing one answer leads on to the next refusal."""
    make_campaign(slug="lim", mode="open")
    first = start_open(client, "lim")
    client.get(first + "?lang=en")
    path = first
    plan = dict(FULL_PLAN, bott_ar="150", forbattring="x" * 2001)
    refusals = []
    for _ in range(20):
        response = post_page(client, path, plan)
        assert response.status_code == 303
        if response.location.endswith("/thanks"):
            break
        if response.location != path:
            path = response.location
            continue
        body = client.get(path).get_data(as_text=True)
        if "too long: 2001 characters, at most 2000" in body:
            refusals.append("text")
            plan["forbattring"] = "x" * 2000
        elif "Write a number from 0 to 100" in body:
            refusals.append("number")
            assert responses(client.application) == []
            plan["bott_ar"] = "100"
    assert refusals == ["text", "number"]
    [response] = responses(client.application)
    assert response.answers["bott_ar"] == 100
    assert len(response.answers["forbattring"]) == 2000


def test_back_does_not_require_answers_and_save_gives_resume_link(client, make_campaign):
    make_campaign(slug="res", mode="open")
    first = start_open(client, "res")
    second = post_page(client, first, FULL_PLAN).location
    back = post_page(client, second, {}, action="back")
    assert back.status_code == 303 and back.location.endswith(first)
    saved = post_page(client, second, {"trygg_kvall": "2"}, action="save")
    assert saved.location.endswith("/s/res/paused")
    paused = client.get(saved.location).get_data(as_text=True)
    link = paused.split('class="resume"><a href="')[1].split('"')[0]

    phone = client.application.test_client()
    resumed = phone.get(link)
    assert resumed.status_code == 302
    html = phone.get(resumed.location).get_data(as_text=True)
    assert 'value="2" checked' in html


def test_code_resumes_on_another_device(client, make_campaign, make_codes):
    campaign = make_campaign(slug="dev", mode="invitation")
    [code] = make_codes(campaign)
    first = start_with_code(client, "dev", code).location
    post_page(client, first, dict(FULL_PLAN, trygg_kvall="3"), action="save")
    laptop = client.application.test_client()
    resumed = start_with_code(laptop, "dev", code)
    page = laptop.get(resumed.location).get_data(as_text=True)
    assert 'value="3" checked' in page


def test_double_submit_of_last_page_creates_one_response(client, make_campaign):
    make_campaign(slug="dbl", mode="open")
    path = start_open(client, "dbl")
    while True:
        html = client.get(path).get_data(as_text=True)
        if "Send my answers" in html or "Skicka mina svar" in html:
            break
        posted = post_page(client, path, FULL_PLAN)
        path = posted.location if posted.status_code == 303 else path
    data = {"csrf_token": csrf(html), "action": "next"}
    data.update({k: v for k, v in FULL_PLAN.items() if f'name="{k}"' in html})
    first = client.post(path, data=data)
    second = client.post(path, data=data)
    assert first.location.endswith("/thanks") and second.location.endswith("/thanks")
    assert len(responses(client.application)) == 1


def test_post_without_csrf_token_is_refused_and_writes_nothing(client, make_campaign):
    make_campaign(slug="csrf", mode="open")
    response = client.post("/s/csrf/start", data={})
    assert response.status_code == 400
    assert count(client.application, Draft) == 0


def test_response_table_has_nothing_identifying(app):
    columns = {column.name: column for column in Response.__table__.columns}
    assert set(columns) == {
        "id", "campaign_id", "channel", "language", "area_code", "sex", "age_group",
        "answers", "status", "submitted_on",
        "base_weight",  # only for imported responses that brought one: a number, not a person
    }
    assert isinstance(columns["submitted_on"].type, sa.Date)
    assert not isinstance(columns["submitted_on"].type, sa.DateTime)
    assert "code_hash" in Invitation.__table__.columns and "code" not in Invitation.__table__.columns


def test_unknown_campaign_is_404(client):
    assert client.get("/s/nope").status_code == 404
