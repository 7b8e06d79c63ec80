"""Staff campaign pages: create, refuse every wrong field with a translated error (storing
nothing), edit, lock after answers, close, archive, delete; residents see the texts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from babel.dates import format_date
from sqlalchemy import func, select

from surveyapp.auth.models import AuditEvent
from surveyapp.db import db
from surveyapp.surveys.models import Campaign, Response
from tests.conftest import csrf_token
from tests.surveyapp.campaigns_data import prepare, settings
from tests.surveyapp.respondent import start_open

TODAY = date.today()
OVERVIEW = "/staff/campaigns/trygghet-test"
LANGUAGES = ("sv", "en", "ar", "fa", "so", "ti", "fi", "uk")


def form(**changes) -> dict:
    """The settings as the browser posts them (texts per language as names_sv ...)."""
    data = settings(**changes)
    posted = {name: value for name, value in data.items()
              if name not in ("names", "intro", "thanks", "privacy")}
    for field in ("names", "intro", "thanks", "privacy"):
        for language, text in data[field].items():
            posted[f"{field}_{language}"] = text
    return posted


@pytest.fixture
def staff(app, client, log_in):
    prepare(app)
    log_in(client, ["coordinator"], "samordnare@kommun.se")
    client.get("/staff/campaigns/?lang=sv")
    return client


def _post(client, path: str, data: dict, page: str | None = None):
    """Post ``data`` with the CSRF token of the form on ``page`` (default: ``path``)."""
    return client.post(path, data={**data, "csrf_token": csrf_token(client, page or path)})


def _campaigns(app) -> list[Campaign]:
    with app.app_context():
        return list(db.session.scalars(select(Campaign)))


def _audit(app, action: str) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(
            select(AuditEvent.object).where(AuditEvent.action == action)))


def _create(client) -> None:
    response = _post(client, "/staff/campaigns/new", form())
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.location.endswith("/staff/campaigns/trygghet-test?saved=1")


def test_coordinator_creates_a_campaign_and_sees_its_overview(app, staff):
    assert staff.get("/staff/").status_code == 200
    assert "/staff/campaigns/" in staff.get("/staff/").get_data(as_text=True)
    _create(staff)
    [campaign] = _campaigns(app)
    assert campaign.slug == "trygghet-test" and campaign.mode == "both"
    html = staff.get("/staff/campaigns/trygghet-test?saved=1").get_data(as_text=True)
    assert "Kampanjen är sparad." in html and "Öppen" in html
    assert "Dagar kvar" in html and "<dd>30</dd>" in html
    assert "/staff/invitations/trygghet-test" in html
    listing = staff.get("/staff/campaigns/").get_data(as_text=True)
    assert "Trygghetsundersökning test" in listing
    assert _audit(app, "campaign_created") == ["campaign trygghet-test"]


# Every field of the form with a wrong value, and (part of) its Swedish error message.
WRONG = [
    ("slug", {"slug": "Trygg 2026!"}, "små bokstäver a–z"),
    ("questionnaire", {"questionnaire": "finns:inte"}, "Välj en sparad enkätversion."),
    ("languages", {"languages": []}, "Välj minst ett språk."),
    ("languages", {"questionnaire": "kort:1", "languages": ["sv", "ti"]},
     "Enkäten har inga texter på: ti."),
    ("mode", {"mode": "brevduva"}, "Välj hur invånarna svarar"),
    ("opens", {"opens": "1 maj"}, "Skriv datumet som ÅÅÅÅ-MM-DD."),
    ("closes", {"closes": "2026-02-30"}, "Skriv datumet som ÅÅÅÅ-MM-DD."),
    ("closes", {"closes": (TODAY - timedelta(days=3)).isoformat()},
     "Slutdatumet är före startdatumet."),
    ("areas", {"areas": []}, "Välj minst ett område."),
    ("areas", {"areas": ["0682R001", "0000X"]}, "Okända områdeskoder: 0000X."),
    ("population_year", {"population_year": "tjugo"}, "Skriv befolkningsåret med fyra siffror."),
    ("names_sv", {"names": {"sv": " "}}, "Ge kampanjen ett namn på källspråket."),
    ("organiser", {"organiser": "x" * 301}, "Texten är för lång: 301 tecken, högst 300."),
    ("contact", {"contact": "x" * 501}, "Texten är för lång: 501 tecken, högst 500."),
] + [
    (f"{field}_{language}", {field: {"sv": "Namn", language: "x" * (limit + 1)}},
     f"Texten är för lång: {limit + 1} tecken, högst {limit}.")
    for field, limit in (("names", 200), ("intro", 5000), ("thanks", 5000), ("privacy", 5000))
    for language in LANGUAGES
]


@pytest.mark.parametrize(("field", "changes", "message"), WRONG,
                         ids=[f"{w[0]}-{i}" for i, w in enumerate(WRONG)])
def test_every_wrong_field_is_refused_on_create(app, staff, field, changes, message):
    response = _post(staff, "/staff/campaigns/new", form(**changes))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html
    assert f'<a href="#{field}">' in html, "the error summary links to the field"
    assert f'id="{field}"' in html
    assert _campaigns(app) == [] and _audit(app, "campaign_created") == []


def test_duplicate_slug_is_refused(app, staff):
    _create(staff)
    response = _post(staff, "/staff/campaigns/new", form())
    assert response.status_code == 422
    assert "En annan kampanj använder redan adressnamnet trygghet-test." in response.get_data(
        as_text=True)
    assert len(_campaigns(app)) == 1


@pytest.mark.parametrize(("field", "changes", "message"), WRONG[:14],
                         ids=[w[0] for w in WRONG[:14]])
def test_every_wrong_field_is_refused_on_edit(app, staff, field, changes, message):
    _create(staff)
    response = _post(staff, "/staff/campaigns/trygghet-test/edit", form(**changes))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    with app.app_context():
        [campaign] = db.session.scalars(select(Campaign)).all()
        assert campaign.organiser == "Trygghetsenheten, Exempelby kommun"
        assert len(campaign.areas) == 2 and campaign.mode == "both"
        assert campaign.population_year == 2025 and campaign.slug == "trygghet-test"
    assert _audit(app, "campaign_changed") == []


def test_population_gap_is_a_warning_not_a_block(app, staff):
    response = _post(staff, "/staff/campaigns/new", form(areas=["0682R001", "0682R003"]))
    assert response.status_code == 302
    html = staff.get(response.location).get_data(as_text=True)
    assert "Dessa områden saknar befolkning för 2025" in html and "Söderby" in html


def test_edit_form_is_filled_and_changes_are_audited(app, staff):
    _create(staff)
    page = staff.get("/staff/campaigns/trygghet-test/edit").get_data(as_text=True)
    assert 'value="trygghet-test"' in page and "Kommunen behandlar svaren enligt GDPR." in page
    later = (TODAY + timedelta(days=45)).isoformat()
    response = _post(staff, "/staff/campaigns/trygghet-test/edit",
                     form(closes=later, contact="Bo Berg, 010-1"))
    assert response.status_code == 302
    assert _audit(app, "campaign_changed") == ["campaign trygghet-test: closes, contact"]


def test_after_answers_mode_areas_and_questionnaire_are_locked(app, staff):
    _create(staff)
    resident = app.test_client()
    start_open(resident, "trygghet-test")
    with app.app_context():
        campaign = db.session.scalar(select(Campaign))
        db.session.add(Response(campaign_id=campaign.id, channel="open", language="sv",
                                area_code="0682R001", answers={}, submitted_on=TODAY))
        db.session.commit()
    page = staff.get("/staff/campaigns/trygghet-test/edit").get_data(as_text=True)
    assert 'name="mode" value="both"' in page and 'type="radio"' not in page
    for changes in ({"mode": "open"}, {"areas": ["0682R001"]},
                    {"questionnaire": "kort:1", "languages": ["sv"]}):
        response = _post(staff, "/staff/campaigns/trygghet-test/edit", form(**changes))
        assert response.status_code == 422
        assert "Kampanjen har redan svar, så detta kan inte ändras." in response.get_data(
            as_text=True)
    later = (TODAY + timedelta(days=50)).isoformat()
    assert _post(staff, "/staff/campaigns/trygghet-test/edit",
                 form(closes=later)).status_code == 302
    refused = _post(staff, "/staff/campaigns/trygghet-test/delete", {}, OVERVIEW)
    assert refused.status_code == 409
    assert "Arkivera den i stället." in refused.get_data(as_text=True)
    assert len(_campaigns(app)) == 1


def test_close_archive_and_delete(app, staff):
    _create(staff)
    resident = app.test_client()
    assert resident.get("/s/trygghet-test").status_code == 200
    assert _post(staff, "/staff/campaigns/trygghet-test/close", {}, OVERVIEW).status_code == 302
    closed = resident.get("/s/trygghet-test?lang=sv")
    assert closed.status_code == 410
    # the day staff closed it, not the planned closing date 30 days ahead
    assert f"stängde den {format_date(TODAY, 'long', locale='sv')}." in closed.get_data(
        as_text=True)
    assert "استطلاع السلامة" in resident.get("/s/trygghet-test?lang=ar").get_data(as_text=True)
    assert "Avslutad" in staff.get("/staff/campaigns/trygghet-test").get_data(as_text=True)
    assert _post(staff, "/staff/campaigns/trygghet-test/archive", {}, OVERVIEW).status_code == 302
    assert "Trygghetsundersökning test" not in staff.get("/staff/campaigns/").get_data(
        as_text=True)
    assert "Trygghetsundersökning test" in staff.get(
        "/staff/campaigns/?archived=1").get_data(as_text=True)
    for listing in ("/staff/", "/staff/invitations/"):
        assert "trygghet-test" not in staff.get(listing).get_data(as_text=True), listing
    assert _post(staff, "/staff/campaigns/trygghet-test/delete", {}, OVERVIEW).status_code == 302
    assert _campaigns(app) == []
    assert _audit(app, "campaign_deleted") == ["campaign trygghet-test"]


def test_residents_see_intro_contact_privacy_and_thanks(app, staff):
    _create(staff)
    resident = app.test_client()
    start = resident.get("/s/trygghet-test?lang=ar").get_data(as_text=True)
    assert "استطلاع السلامة" in start, "the name in the resident's language"
    for text in ("Välkommen till enkäten.", "Trygghetsenheten, Exempelby kommun",
                 "Anna Andersson, 010-123 45 67", "Kommunen behandlar svaren enligt GDPR."):
        assert text in start
    thanks = resident.get("/s/trygghet-test/thanks").get_data(as_text=True)
    assert "Tack! Resultaten kommer i maj." in thanks


def test_letters_carry_the_contact_details(app, staff):
    _create(staff)
    frame = ("lopnr;omrade;kon;alder;namn;adress;postnummer;ort\n"
             "1;0682R001;f;25-44;A B;Gatan 1;571 30;X\n")
    token = csrf_token(staff, "/staff/invitations/trygghet-test")
    from io import BytesIO

    response = staff.post("/staff/invitations/trygghet-test/letters", data={
        "csrf_token": token, "frame": (BytesIO(frame.encode()), "frame.csv")},
        content_type="multipart/form-data")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Vem som genomför undersökningen: Trygghetsenheten, Exempelby kommun" in html
    assert "Anna Andersson, 010-123 45 67" in html and "enligt GDPR" in html


def test_other_roles_may_not_manage_campaigns(app, client, log_in):
    prepare(app)
    log_in(client, ["analyst"], "analytiker@kommun.se")
    assert client.get("/staff/campaigns/").status_code == 403
    assert client.get("/staff/invitations/").status_code == 403
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Campaign)) == 0


def test_overview_links_to_results_for_those_who_may_see_them(app, staff, log_in):
    _create(staff)
    coordinator_page = staff.get(OVERVIEW).get_data(as_text=True)
    assert "/staff/results/trygghet-test/weighting" not in coordinator_page
    admin = app.test_client()
    log_in(admin, ["admin"], "admin@kommun.se")
    html = admin.get(OVERVIEW).get_data(as_text=True)
    for link in ("/staff/invitations/trygghet-test", "/staff/results/trygghet-test/weighting",
                 "/staff/results/trygghet-test/", "/staff/results/trygghet-test/report",
                 "/staff/results/trygghet-test/export/data.csv"):
        assert f'href="{link}"' in html, link
