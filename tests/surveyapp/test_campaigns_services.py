"""The campaign service layer: checks, create, edit, close, archive, delete and the overview."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from surveyapp.auth.models import AuditEvent, User
from surveyapp.campaigns.services import (
    CampaignInvalid,
    archive_campaign,
    close_campaign,
    create_campaign,
    delete_campaign,
    edit_campaign,
    overview,
)
from surveyapp.db import db
from surveyapp.surveys.models import Campaign, PendingAnswer, Response
from surveyapp.surveys.sealing import seal
from surveyapp.surveys.services import (
    FlowError,
    check_open,
    create_invitations,
    find_campaign,
    list_campaigns,
    start_open,
)
from tests.surveyapp.campaigns_data import prepare, settings

TODAY = date.today()


@pytest.fixture
def ctx(app):
    prepare(app)
    with app.test_request_context("/?lang=en"):
        user = User(email="samordnare@kommun.se", roles=["coordinator"])
        user.set_password("a long enough password")
        db.session.add(user)
        db.session.commit()
        yield user


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Campaign))


def _events(action: str) -> list[str]:
    return list(db.session.scalars(select(AuditEvent.object).where(AuditEvent.action == action)))


def _respond(campaign: Campaign, area: str, channel: str) -> None:
    db.session.add(Response(campaign_id=campaign.id, channel=channel, language="sv",
                            area_code=area, answers={}, submitted_on=TODAY))
    db.session.flush()


def test_create_stores_every_setting_and_audits(ctx):
    saved = create_campaign(settings(), ctx)
    db.session.commit()
    campaign = find_campaign("trygghet-test")
    assert campaign is saved.campaign
    assert campaign.name == "Trygghetsundersökning test"
    assert campaign.display_name("ar") == "استطلاع السلامة"
    assert campaign.display_name("ti") == "Trygghetsundersökning test"  # falls back to sv
    assert campaign.languages == ["sv", "ar", "ti"]
    assert [a.code for a in campaign.areas] == ["0682R001", "0682R002"]
    assert campaign.population_year == 2025 and campaign.year == campaign.opens.year
    assert campaign.text("thanks", "ar") == "Tack! Resultaten kommer i maj."
    assert campaign.organiser.startswith("Trygghetsenheten")
    assert saved.warnings == []
    assert _events("campaign_created") == ["campaign trygghet-test"]
    assert db.session.scalar(select(AuditEvent.email)) == "samordnare@kommun.se"


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"slug": "Trygg 2026"}, "slug", "small letters"),
    ({"slug": "ab"}, "slug", "small letters"),
    ({"slug": "-trygg"}, "slug", "small letters"),
    ({"questionnaire": "trygghet:9.9"}, "questionnaire", "questionnaire version"),
    ({"questionnaire": "kort:1", "languages": ["sv", "ar"]}, "languages", "ar"),
    ({"languages": []}, "languages", "at least one language"),
    ({"mode": "post"}, "mode", "letters, open link or both"),
    ({"opens": "2026-13-01"}, "opens", "YYYY-MM-DD"),
    ({"closes": "tomorrow"}, "closes", "YYYY-MM-DD"),
    ({"closes": (TODAY - timedelta(days=5)).isoformat()}, "closes", "before the opening"),
    ({"areas": []}, "areas", "at least one area"),
    ({"areas": ["0682R001", "9999X"]}, "areas", "9999X"),
    ({"population_year": "20x5"}, "population_year", "four digits"),
    ({"names": {"sv": "", "ar": "اسم"}}, "names_sv", "source language"),
    ({"names": {"sv": "x" * 201}}, "names_sv", "at most 200"),
    ({"intro": {"en": "x" * 5001}}, "intro_en", "at most 5000"),
    ({"thanks": {"sv": "x" * 5001}}, "thanks_sv", "at most 5000"),
    ({"privacy": {"ar": "x" * 5001}}, "privacy_ar", "at most 5000"),
    ({"privacy": "not per language"}, "privacy", "per language"),
    ({"organiser": "x" * 301}, "organiser", "at most 300"),
    ({"contact": "x" * 501}, "contact", "at most 500"),
])
def test_refused_settings_name_the_field_and_store_nothing(ctx, changes, field, words):
    with pytest.raises(CampaignInvalid) as refused:
        create_campaign(settings(**changes), ctx)
    assert words in refused.value.errors[field]
    db.session.rollback()
    assert _count() == 0 and _events("campaign_created") == []


def test_duplicate_slug_is_refused(ctx):
    create_campaign(settings(), ctx)
    with pytest.raises(CampaignInvalid) as refused:
        create_campaign(settings(names={"sv": "Another"}), ctx)
    assert "already uses" in refused.value.errors["slug"]


def test_errors_are_translated(app, ctx):
    with app.test_request_context("/?lang=sv"), pytest.raises(CampaignInvalid) as refused:
        create_campaign(settings(closes=(TODAY - timedelta(days=9)).isoformat()), ctx)
    assert refused.value.errors["closes"] == "Slutdatumet är före startdatumet."


def test_areas_without_population_warn_but_save(ctx):
    saved = create_campaign(settings(areas=["0682R001", "0682R003"]), ctx)
    assert saved.campaign.id is not None
    assert len(saved.warnings) == 1 and "Söderby" in saved.warnings[0]
    assert "Centrum" not in saved.warnings[0]


def test_edit_changes_dates_and_texts_and_audits_the_fields(ctx):
    campaign = create_campaign(settings(), ctx).campaign
    later = (TODAY + timedelta(days=60)).isoformat()
    saved = edit_campaign(campaign, {"closes": later, "thanks": {"sv": "Nytt tack"}}, ctx)
    assert saved.changed == ["closes", "thanks"]
    assert campaign.closes.isoformat() == later and campaign.thanks == {"sv": "Nytt tack"}
    assert _events("campaign_changed") == ["campaign trygghet-test: closes, thanks"]
    assert edit_campaign(campaign, {}, ctx).changed == []
    assert len(_events("campaign_changed")) == 1, "no change, no audit entry"


def test_refused_edit_changes_nothing(ctx):
    campaign = create_campaign(settings(), ctx).campaign
    db.session.commit()
    with pytest.raises(CampaignInvalid):
        edit_campaign(campaign, {"closes": "2000-01-01", "organiser": "Ny"}, ctx)
    db.session.rollback()
    assert find_campaign("trygghet-test").organiser.startswith("Trygghetsenheten")


def test_after_responses_questionnaire_areas_mode_and_slug_are_locked(ctx):
    campaign = create_campaign(settings(), ctx).campaign
    _respond(campaign, "0682R001", "open")
    for changes in ({"questionnaire": "kort:1", "languages": ["sv"]}, {"areas": ["0682R001"]},
                    {"mode": "open"}, {"slug": "nytt-namn"}):
        with pytest.raises(CampaignInvalid) as refused:
            edit_campaign(campaign, changes, ctx)
        assert "cannot change" in next(iter(refused.value.errors.values()))
    later = (TODAY + timedelta(days=90)).isoformat()
    assert edit_campaign(campaign, {"closes": later, "intro": {"sv": "Ny"}}, ctx).changed == [
        "closes", "intro"]


def test_invitation_codes_lock_the_slug_only(ctx):
    campaign = create_campaign(settings(), ctx).campaign
    create_invitations(campaign, [{"serial": "1", "area_code": "0682R001", "sex": "f",
                                   "age_group": "25-44"}])
    with pytest.raises(CampaignInvalid) as refused:
        edit_campaign(campaign, {"slug": "annat-namn"}, ctx)
    assert "address name cannot change" in refused.value.errors["slug"]
    assert edit_campaign(campaign, {"mode": "invitation"}, ctx).changed == ["mode"]


def test_an_answer_in_progress_locks_the_slug(ctx):
    campaign = create_campaign(settings(), ctx).campaign
    start_open(campaign, "sv", TODAY)
    with pytest.raises(CampaignInvalid) as refused:
        edit_campaign(campaign, {"slug": "annat-namn"}, ctx)
    assert "address name cannot change" in refused.value.errors["slug"]


def test_delete_is_refused_with_responses_and_allowed_without(ctx):
    campaign = create_campaign(settings(), ctx).campaign
    _respond(campaign, "0682R001", "invitation")
    with pytest.raises(CampaignInvalid) as refused:
        delete_campaign(campaign, ctx)
    assert "Archive it instead" in refused.value.errors["delete"]
    assert _count() == 1
    other = create_campaign(settings(slug="tom-kampanj"), ctx).campaign
    delete_campaign(other, ctx)
    assert find_campaign("tom-kampanj") is None and _events("campaign_deleted") == ["campaign tom-kampanj"]


def test_answers_waiting_for_their_batch_count_as_answers(ctx):
    # A sealed answer is acknowledged to the resident: deleting the campaign would lose it, and
    # its batch will write it under the campaign's current questionnaire and areas.
    campaign = create_campaign(settings(), ctx).campaign
    _respond(campaign, "0682R001", "invitation")
    db.session.add(PendingAnswer(id=uuid.uuid4().hex, campaign_id=campaign.id,
                                 sealed=seal({"answers": {}})))
    db.session.flush()
    seen = overview(campaign, TODAY)
    assert (seen.responses, seen.waiting) == (2, 1)
    only_sealed = create_campaign(settings(slug="bara-forseglade"), ctx).campaign
    db.session.add(PendingAnswer(id=uuid.uuid4().hex, campaign_id=only_sealed.id,
                                 sealed=seal({"answers": {}})))
    db.session.flush()
    with pytest.raises(CampaignInvalid) as refused:
        delete_campaign(only_sealed, ctx)
    assert "Archive it instead" in refused.value.errors["delete"]
    with pytest.raises(CampaignInvalid):
        edit_campaign(only_sealed, {"mode": "open"}, ctx)


def test_close_and_archive(ctx):
    campaign = create_campaign(settings(), ctx).campaign
    check_open(campaign, TODAY)
    assert close_campaign(campaign, ctx, TODAY) and not close_campaign(campaign, ctx, TODAY)
    assert campaign.status(TODAY) == "closed"
    with pytest.raises(FlowError):
        check_open(campaign, TODAY)
    assert list_campaigns() == [campaign]
    assert archive_campaign(campaign, ctx, TODAY)
    assert campaign.status(TODAY) == "archived"
    assert list_campaigns() == [] and list_campaigns(archived=True) == [campaign]
    assert _events("campaign_closed") == _events("campaign_archived") == ["campaign trygghet-test"]


def test_archive_closes_an_open_campaign(ctx):
    campaign = create_campaign(settings(), ctx).campaign
    archive_campaign(campaign, ctx, TODAY)
    with pytest.raises(FlowError) as closed:
        check_open(campaign, TODAY)
    assert closed.value.reason == "closed"


def test_status_follows_the_dates(ctx):
    campaign = create_campaign(settings(opens=(TODAY + timedelta(days=3)).isoformat()),
                               ctx).campaign
    assert campaign.status(TODAY) == "upcoming"
    assert campaign.status(TODAY + timedelta(days=3)) == "open"
    assert campaign.status(campaign.closes + timedelta(days=1)) == "closed"


def test_overview_counts_by_area_and_channel_and_the_rate(ctx):
    campaign = create_campaign(settings(), ctx).campaign
    strata = {"area_code": "0682R001", "sex": "f", "age_group": "25-44"}
    create_invitations(campaign, [{"serial": str(n), **strata} for n in range(4)])
    _respond(campaign, "0682R001", "invitation")
    _respond(campaign, "0682R001", "open")
    _respond(campaign, "0682R002", "open")
    seen = overview(campaign, TODAY)
    assert seen.by_area == {"0682R001": {"invitation": 1, "open": 1}, "0682R002": {"open": 1}}
    assert seen.responses == 3 and seen.status == "open"
    assert seen.days_left == 30
    assert seen.total.invited == 4
