"""The demo command: migrations, demo municipality, a staff login and working codes."""

import re

from tests.conftest import make_test_app
from tests.surveyapp.respondent import start_with_code


def test_demo_command_prints_a_working_login_and_codes(tmp_path):
    app = make_test_app(f"sqlite:///{tmp_path}/demo.db")
    result = app.test_cli_runner().invoke(args=["demo", "--codes", "4"])
    assert result.exit_code == 0, result.output
    email, password = re.search(r"Staff login: (\S+)\s+password: (\S+)", result.output).groups()
    codes = re.search(r"Invitation codes: (.+)", result.output).group(1).split(", ")
    assert len(codes) == 4

    client = app.test_client()
    html = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    login = client.post("/login", data={"csrf_token": token, "email": email, "password": password})
    assert login.status_code == 302

    resident = app.test_client()
    assert start_with_code(resident, "trygghet-2026", codes[0]).status_code == 303

    again = app.test_cli_runner().invoke(args=["demo", "--codes", "4"])
    assert again.exit_code == 0, "running the demo twice keeps working"


def test_demo_prints_every_address_a_newcomer_needs(tmp_path, monkeypatch):
    monkeypatch.setenv("PORT", "5123")
    app = make_test_app(f"sqlite:///{tmp_path}/demo.db")
    output = app.test_cli_runner().invoke(args=["demo", "--codes", "4"]).output
    base = "http://127.0.0.1:5123"
    addresses = re.findall(r"^[A-Z][\w ]+:\s+(http\S+)$", output, re.MULTILINE)
    assert addresses == [f"{base}/", f"{base}/s/trygghet-2026", f"{base}/karta/trygghet-2026",
                         f"{base}/vandring", f"{base}/atgarder", f"{base}/login"]
    client = app.test_client()
    for address in addresses:
        assert client.get(address.removeprefix(base)).status_code == 200, address


def test_demo_responses_never_delete_real_responses(app):
    from datetime import date

    from sqlalchemy import func, select

    from surveyapp.db import db
    from surveyapp.surveys.models import Campaign, Response

    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo", "--codes", "4"]).exit_code == 0
    with app.app_context():
        campaign = db.session.scalar(select(Campaign).where(Campaign.slug == "trygghet-2026"))
        db.session.add(Response(campaign_id=campaign.id, channel="open", language="ar",
                                area_code="0682R002", answers={"trygg_kvall": 4},
                                submitted_on=date.today()))
        db.session.commit()
    help_text = runner.invoke(args=["demo-responses", "--help"]).output
    assert "never deletes a response" in help_text
    first = runner.invoke(args=["demo-responses", "--per-area", "3"])
    assert first.exit_code == 0, first.output
    assert "no response was deleted" in first.output
    second = runner.invoke(args=["demo-responses", "--per-area", "3"])
    assert second.exit_code == 0, second.output
    with app.app_context():
        real = db.session.scalars(select(Response).where(Response.channel == "open")).all()
        assert [(r.language, r.answers) for r in real] == [("ar", {"trygg_kvall": 4})]
        total = db.session.scalar(select(func.count()).select_from(Response))
        assert total == 1 + 2 * 2 * 5 * 3, "two runs × two waves × five areas × 3, and the real one"
