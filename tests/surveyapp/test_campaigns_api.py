"""The campaigns JSON API: session auth with a CSRF header, the same service and checks."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import yaml
from sqlalchemy import func, select

from surveyapp.auth.models import AuditEvent
from surveyapp.db import db
from surveyapp.surveys.models import Campaign, Response
from tests.surveyapp.campaigns_data import prepare, settings

TODAY = date.today()


@pytest.fixture
def api(app, client, log_in):
    prepare(app)
    log_in(client, ["coordinator"], "samordnare@kommun.se")
    token = client.get("/api/csrf-token").get_json()["csrf_token"]
    client.environ_base["HTTP_X_CSRFTOKEN"] = token
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Campaign))


def test_create_read_edit_close_archive_delete(app, api):
    created = api.post("/api/campaigns", json=settings())
    assert created.status_code == 201, created.get_json()
    body = created.get_json()["campaign"]
    assert body["slug"] == "trygghet-test" and body["status"] == "open"
    assert body["days_left"] == 30 and body["responses"] == 0
    assert [row["area"] for row in body["areas_counts"]] == ["0682R001", "0682R002"]

    read = api.get("/api/campaigns/trygghet-test").get_json()["campaign"]
    assert read["names"]["ar"] == "استطلاع السلامة" and read["languages"] == ["sv", "ar", "ti"]
    later = (TODAY + timedelta(days=40)).isoformat()
    edited = api.patch("/api/campaigns/trygghet-test", json={"closes": later})
    assert edited.status_code == 200 and edited.get_json()["changed"] == ["closes"]
    assert [c["slug"] for c in api.get("/api/campaigns").get_json()["campaigns"]] == [
        "trygghet-test"]
    assert api.post("/api/campaigns/trygghet-test/close").get_json()["campaign"][
        "status"] == "closed"
    assert api.post("/api/campaigns/trygghet-test/archive").status_code == 200
    assert api.get("/api/campaigns").get_json()["campaigns"] == []
    assert len(api.get("/api/campaigns?archived=1").get_json()["campaigns"]) == 1
    assert api.delete("/api/campaigns/trygghet-test").status_code == 204
    assert _count(app) == 0
    with app.app_context():
        actions = list(db.session.scalars(select(AuditEvent.action)
                                          .where(AuditEvent.action.like("campaign_%"))
                                          .order_by(AuditEvent.id)))
    assert actions == ["campaign_created", "campaign_changed", "campaign_closed",
                       "campaign_archived", "campaign_deleted"]


def test_refused_settings_give_translated_errors_and_store_nothing(app, api):
    wrong = settings(slug="A B", mode="x", areas=[], languages=["sv", "de"])
    response = api.post("/api/campaigns?lang=sv", json=wrong)
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert set(errors) == {"slug", "mode", "areas", "languages"}
    assert errors["areas"] == "Välj minst ett område."
    assert errors["languages"] == "Enkäten har inga texter på: de."
    assert api.post("/api/campaigns", data="not json",
                    content_type="application/json").status_code == 400
    assert api.post("/api/campaigns", json=["a list"]).status_code == 400
    assert _count(app) == 0


def test_locked_after_responses_and_delete_refused(app, api):
    api.post("/api/campaigns", json=settings())
    with app.app_context():
        campaign = db.session.scalar(select(Campaign))
        db.session.add(Response(campaign_id=campaign.id, channel="invitation", language="sv",
                                area_code="0682R002", answers={}, submitted_on=TODAY))
        db.session.commit()
    refused = api.patch("/api/campaigns/trygghet-test", json={"mode": "open"})
    assert refused.status_code == 422 and "cannot change" in refused.get_json()["errors"]["mode"]
    assert api.delete("/api/campaigns/trygghet-test").status_code == 409
    detail = api.get("/api/campaigns/trygghet-test").get_json()["campaign"]
    assert detail["mode"] == "both" and detail["responses"] == 1
    assert detail["areas_counts"][1]["invitation"] == 1


def test_changes_need_the_csrf_header(app, client, log_in):
    prepare(app)
    log_in(client, ["coordinator"], "samordnare@kommun.se")
    assert client.post("/api/campaigns", json=settings()).status_code == 400
    assert _count(app) == 0


def test_roles_and_anonymous(app, client, log_in):
    prepare(app)
    anonymous = client.get("/api/campaigns")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    log_in(client, ["analyst"], "analytiker@kommun.se")
    assert client.get("/api/campaigns").status_code == 403


def test_openapi_documents_the_campaign_endpoints(client):
    spec = yaml.safe_load(client.get("/api/openapi.yaml").get_data(as_text=True))
    paths = spec["paths"]
    assert {"get", "post"} <= set(paths["/api/campaigns"])
    assert {"get", "patch", "delete"} <= set(paths["/api/campaigns/{slug}"])
    assert "post" in paths["/api/campaigns/{slug}/close"]
    assert "post" in paths["/api/campaigns/{slug}/archive"]
    assert "X-CSRFToken" in spec["info"]["description"]
    fields = spec["components"]["schemas"]["CampaignSettings"]["properties"]
    assert {"slug", "questionnaire", "languages", "mode", "opens", "closes", "areas",
            "population_year", "names", "intro", "thanks", "privacy", "organiser",
            "contact"} == set(fields)
