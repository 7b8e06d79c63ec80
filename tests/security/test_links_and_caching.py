"""API answers are never cached; a resident's resume link never comes from the Host header."""

from __future__ import annotations

from tests.surveyapp.respondent import FULL_PLAN, post_page, start_open


def test_api_answers_carry_no_store(app, client, log_in):
    assert client.get("/api/campaigns").headers["Cache-Control"] == "no-store"  # refused
    log_in(client, ["coordinator"])
    for path in ("/api/csrf-token", "/api/campaigns", "/api/campaigns/no-such-campaign"):
        response = client.get(path)
        assert response.headers["Cache-Control"] == "no-store", (path, response.status_code)


def _resume_link(app, make_campaign, host: str) -> str:
    """The resume link of a paused open-link response, every request sent with ``host``."""
    make_campaign(slug="res", mode="open")
    client = app.test_client()
    client.environ_base["HTTP_HOST"] = host
    first = start_open(client, "res")
    saved = post_page(client, first, FULL_PLAN, action="save")
    html = client.get(saved.location).get_data(as_text=True)
    return html.split('class="resume"><a href="')[1].split('"')[0]


def test_a_forged_host_does_not_get_into_the_resume_link(app, make_campaign):
    link = _resume_link(app, make_campaign, "evil.example")
    assert "evil.example" not in link
    assert link.startswith("/s/res/resume/")  # relative: the browser keeps the real address


def test_the_resume_link_uses_public_base_url(app, make_campaign, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "https://trygghet.kommun.se/")
    link = _resume_link(app, make_campaign, "evil.example")
    assert link.startswith("https://trygghet.kommun.se/s/res/resume/")
