"""``flask campaign``: the same service from a terminal, one transaction per command."""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlalchemy import select

from surveyapp.auth.models import AuditEvent, User
from surveyapp.db import db
from surveyapp.surveys.models import Campaign
from tests.surveyapp.campaigns_data import prepare

TODAY = date.today()
CREATE = ["campaign", "create", "--slug", "trygghet-cli", "--questionnaire", "trygghet:2026.1",
          "--language", "sv,ar", "--language", "ti", "--mode", "both",
          "--opens", (TODAY - timedelta(days=1)).isoformat(),
          "--closes", (TODAY + timedelta(days=20)).isoformat(),
          "--area", "0682R001", "--area", "0682R003", "--population-year", "2025",
          "--name", "sv=Trygghet CLI", "--name", "ti=ድሕንነት", "--intro", "sv=Hej",
          "--privacy", "sv=Vi följer GDPR", "--organiser", "Kommunen", "--contact", "Bo, 010-1"]


def _run(app, *args: str):
    return app.test_cli_runner().invoke(args=list(args))


def _campaign(app) -> dict | None:
    with app.app_context():
        campaign = db.session.scalar(select(Campaign))
        if campaign is None:
            return None
        return {"slug": campaign.slug, "languages": campaign.languages, "mode": campaign.mode,
                "areas": [a.code for a in campaign.areas], "names": campaign.names,
                "closes": campaign.closes, "status": campaign.status(TODAY),
                "privacy": campaign.privacy}


def test_create_edit_close_archive_and_list(app):
    prepare(app)
    created = _run(app, *CREATE)
    assert created.exit_code == 0, created.output
    assert "Created campaign trygghet-cli" in created.output
    assert "Söderby" in created.output, "areas without population are a warning"
    stored = _campaign(app)
    assert stored["languages"] == ["sv", "ar", "ti"] and stored["areas"] == ["0682R001",
                                                                              "0682R003"]
    assert stored["names"] == {"sv": "Trygghet CLI", "ti": "ድሕንነት"}
    assert stored["privacy"] == {"sv": "Vi följer GDPR"}

    later = (TODAY + timedelta(days=40)).isoformat()
    edited = _run(app, "campaign", "edit", "trygghet-cli", "--closes", later,
                  "--name", "ar=السلامة")
    assert edited.exit_code == 0, edited.output
    assert "Changed campaign trygghet-cli: closes, names" in edited.output
    stored = _campaign(app)
    assert stored["closes"].isoformat() == later
    assert stored["names"] == {"sv": "Trygghet CLI", "ti": "ድሕንነት", "ar": "السلامة"}

    listed = _run(app, "campaign", "list", "--json")
    assert json.loads(listed.output)[0]["slug"] == "trygghet-cli"
    assert _run(app, "campaign", "close", "trygghet-cli").exit_code == 0
    assert _campaign(app)["status"] == "closed"
    assert _run(app, "campaign", "archive", "trygghet-cli").exit_code == 0
    assert "trygghet-cli" not in _run(app, "campaign", "list").output
    assert "trygghet-cli\tarchived" in _run(app, "campaign", "list", "--archived").output
    with app.app_context():
        actions = list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
    assert actions == ["campaign_created", "campaign_changed", "campaign_closed",
                       "campaign_archived"]


def test_refused_settings_print_the_errors_and_store_nothing(app):
    prepare(app)
    args = [value if value != "sv,ar" else "sv,xx" for value in CREATE]
    result = _run(app, *args[:-2], "--closes", (TODAY - timedelta(days=9)).isoformat())
    assert result.exit_code == 1
    assert "languages: Enkäten har inga texter på: xx." in result.output
    assert "closes: Slutdatumet är före startdatumet." in result.output
    assert _campaign(app) is None


def test_edit_refusal_keeps_the_campaign_and_by_names_the_account(app):
    prepare(app)
    with app.app_context():
        user = User(email="samordnare@kommun.se", roles=["coordinator"])
        user.set_password("a long enough password")
        db.session.add(user)
        db.session.commit()
    assert _run(app, *CREATE, "--by", "samordnare@kommun.se").exit_code == 0
    result = _run(app, "campaign", "edit", "trygghet-cli", "--mode", "open", "--slug", "X")
    assert result.exit_code == 1 and "slug:" in result.output
    assert _campaign(app)["mode"] == "both"
    with app.app_context():
        assert db.session.scalar(select(AuditEvent.email)) == "samordnare@kommun.se"
    assert _run(app, "campaign", "close", "nothing-here").exit_code == 2


def test_help_documents_the_options(app):
    result = _run(app, "campaign", "create", "--help")
    for option in ("--slug", "--questionnaire", "--language", "--mode", "--opens", "--closes",
                   "--area", "--population-year", "--name", "--intro", "--thanks", "--privacy",
                   "--organiser", "--contact"):
        assert option in result.output
    assert "delete" in _run(app, "campaign", "--help").output
