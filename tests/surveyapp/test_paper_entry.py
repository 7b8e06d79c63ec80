"""Paper questionnaires entered by staff with the letter's code: used up exactly as on the web."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlparse

import sqlalchemy as sa

from surveyapp.db import db
from surveyapp.surveys.batches import write_batch
from surveyapp.surveys.models import Draft, Invitation, PendingAnswer, Response, SubmittedKey
from surveyapp.surveys.services import find_campaign
from tests.surveyapp.respondent import (
    FULL_PLAN,
    answer_all,
    csrf,
    field_names,
    post_page,
    start_with_code,
)

# The paper plan: what the resident ticked (sex and age group come from the invitation).
PAPER_PLAN = {name: value for name, value in FULL_PLAN.items() if name not in ("kon", "alder")}


def _open(client, slug: str, code: str):
    page = client.get(f"/staff/paper/{slug}").get_data(as_text=True)
    return client.post(f"/staff/paper/{slug}", data={
        "csrf_token": csrf(page), "code": code, "language": "sv", "action": "open"})


def _enter(client, slug: str, code: str, plan: dict, language: str = "sv"):
    """Open the questionnaire for ``code`` and save ``plan``'s answers for its fields."""
    opened = _open(client, slug, code)
    assert opened.status_code == 200, opened.get_data(as_text=True)[:3000]
    html = opened.get_data(as_text=True)
    data: dict[str, object] = {"csrf_token": csrf(html), "code": code, "language": language,
                               "action": "save"}
    data.update({name: plan[name] for name in field_names(html) - {"code", "language"}
                 if name in plan})
    return client.post(f"/staff/paper/{slug}", data=data)


def _written(app, slug: str) -> list[Response]:
    """Force the batch step and return the campaign's responses."""
    with app.app_context():
        campaign = find_campaign(slug)
        write_batch(campaign, date.today(), minimum=1, force=True)
        db.session.commit()
        return list(db.session.scalars(sa.select(Response)
                                       .where(Response.campaign_id == campaign.id)))


def test_paper_entry_uses_the_code_and_a_later_web_attempt_is_refused(
        app, make_campaign, make_codes, log_in):
    slug = make_campaign(mode="invitation")
    [code] = make_codes(slug, area_code="0682R003", sex="m", age_group="65-84")
    clerk = log_in(app.test_client(), ["data_entry"])
    saved = _enter(clerk, slug, code.lower().replace("-", " "), PAPER_PLAN)
    assert saved.status_code == 303 and saved.location.endswith(f"/staff/paper/{slug}?saved=1")
    assert "Enkäten är sparad" in clerk.get(saved.location).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(Invitation.used)) is True
        assert db.session.scalar(sa.select(sa.func.count()).select_from(SubmittedKey)) == 1
        # The batch step ran after the entry committed, as after a web submit (k = 1 here).
        assert db.session.scalar(sa.select(sa.func.count()).select_from(PendingAnswer)) == 0
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Response)) == 1

    resident = app.test_client()
    refused = start_with_code(resident, slug, code)
    assert refused.status_code == 422
    assert "Den här koden har redan använts" in refused.get_data(as_text=True)

    [response] = _written(app, slug)
    assert response.channel == "paper" and response.language == "sv"
    assert (response.area_code, response.sex, response.age_group) == ("0682R003", "m", "65-84")
    assert response.answers["trygg_kvall"] == 4
    assert response.answers["otrygg_skal"] == ["morker", "folktomt"]
    assert response.answers["forbattring"] == "Bättre belysning"
    assert response.answers["kon"] == "m"  # known from the invitation, as on the web


def test_a_second_entry_of_the_same_code_is_refused(app, make_campaign, make_codes, log_in):
    slug = make_campaign(mode="invitation")
    [code] = make_codes(slug)
    clerk = log_in(app.test_client(), ["data_entry"])
    assert _enter(clerk, slug, code, PAPER_PLAN).status_code == 303
    again = _open(clerk, slug, code)
    assert again.status_code == 409
    assert "har förts in tidigare" in again.get_data(as_text=True)
    # Also when the second clerk had opened the form before the first one saved.
    other = log_in(app.test_client(), ["admin"], "chef@kommun.se")
    page = other.get(f"/staff/paper/{slug}").get_data(as_text=True)
    late = other.post(f"/staff/paper/{slug}", data={
        "csrf_token": csrf(page), "code": code, "action": "save", "trygg_kvall": "1"})
    assert late.status_code == 409
    assert "Inget sparades" in late.get_data(as_text=True)
    assert len(_written(app, slug)) == 1


def test_a_web_answer_first_refuses_the_paper_one(app, make_campaign, make_codes, log_in):
    slug = make_campaign(mode="invitation")
    [code] = make_codes(slug)
    resident = app.test_client()
    resume = start_with_code(resident, slug, code).location
    answer_all(resident, urlparse(resume).path, FULL_PLAN)
    clerk = log_in(app.test_client(), ["data_entry"])
    assert _open(clerk, slug, code).status_code == 409
    [response] = _written(app, slug)
    assert response.channel == "invitation"


def test_a_web_draft_in_progress_is_dropped_and_its_send_refused(
        app, make_campaign, make_codes, log_in):
    slug = make_campaign(mode="invitation")
    [code] = make_codes(slug)
    resident = app.test_client()
    resume = start_with_code(resident, slug, code).location
    first_page = urlparse(resume).path
    assert post_page(resident, first_page, FULL_PLAN).status_code == 303
    clerk = log_in(app.test_client(), ["data_entry"])
    assert _enter(clerk, slug, code, PAPER_PLAN).status_code == 303
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Draft)) == 0
    # The resident's next page shows the thank-you page; nothing more is written.
    following = resident.get(first_page)
    assert following.status_code == 303 and following.location.endswith("/thanks")
    assert len(_written(app, slug)) == 1


def test_validation_errors_keep_what_was_typed_and_save_nothing(
        app, make_campaign, make_codes, log_in):
    slug = make_campaign(mode="invitation")
    [code] = make_codes(slug)
    clerk = log_in(app.test_client(), ["data_entry"])
    plan = {**PAPER_PLAN, "bott_ar": "sju", "forbattring": "Fler vuxna ute på kvällen"}
    del plan["trygg_kvall"]  # required
    refused = _enter(clerk, slug, code, plan)
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert 'id="error-summary"' in html and 'href="#q-trygg_kvall-1"' in html
    assert 'value="sju"' in html and "Fler vuxna ute på kvällen" in html
    assert f'value="{code}"' in html
    assert 'value="morker" checked' in html
    with app.app_context():
        assert db.session.scalar(sa.select(Invitation.used)) is False
        assert db.session.scalar(sa.select(sa.func.count()).select_from(PendingAnswer)) == 0
    # Skip logic decides as on the web: otrygg_skal is not needed when trygg_kvall is 1, and
    # what was ticked there is not kept.
    fixed = {**plan, "bott_ar": "7", "trygg_kvall": "1"}
    assert _enter(clerk, slug, code, fixed).status_code == 303
    [response] = _written(app, slug)
    assert "otrygg_skal" not in response.answers and response.answers["bott_ar"] == 7


def test_unknown_code_and_closed_campaign_are_refused(app, make_campaign, make_codes, log_in):
    slug = make_campaign(mode="invitation")
    make_codes(slug)
    clerk = log_in(app.test_client(), ["data_entry"])
    unknown = _open(clerk, slug, "AAAAA-BBBBB")
    assert unknown.status_code == 422
    assert "Ingen inbjudan i den här kampanjen har den koden" in unknown.get_data(as_text=True)
    closed = make_campaign(slug="stangd", mode="invitation", opens_in=-30, closes_in=-1)
    [code] = make_codes(closed)
    refused = _open(clerk, closed, code)
    assert refused.status_code == 422 and "Kampanjen är stängd" in refused.get_data(as_text=True)
    listing = clerk.get("/staff/paper/").get_data(as_text=True)
    assert f"/staff/paper/{slug}" in listing and "/staff/paper/stangd" not in listing


def test_csrf_and_roles(app, make_campaign, make_codes, log_in):
    slug = make_campaign(mode="invitation")
    [code] = make_codes(slug)
    clerk = log_in(app.test_client(), ["data_entry"])
    forged = clerk.post(f"/staff/paper/{slug}", data={"code": code, "action": "save",
                                                      "trygg_kvall": "1"})
    assert forged.status_code == 400
    with app.app_context():
        assert db.session.scalar(sa.select(Invitation.used)) is False
    analyst = log_in(app.test_client(), ["analyst"])
    assert analyst.get(f"/staff/paper/{slug}").status_code == 403
    anonymous = app.test_client().get(f"/staff/paper/{slug}")
    assert anonymous.status_code == 302 and "/login" in anonymous.location
    assert "/staff/paper/" in clerk.get("/staff/").get_data(as_text=True)
