"""Security headers, CSP, rate limits (429 with a translated page), request size, ballot stuffing."""

from __future__ import annotations

import pytest

from surveyapp.security import content_security_policy
from tests.conftest import csrf_token, make_test_app
from tests.surveyapp.respondent import FULL_PLAN, answer_all, start_open


def test_security_headers_on_every_page(client):
    response = client.get("/")
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'",
                      "img-src 'self' data:", "frame-ancestors 'none'", "object-src 'none'",
                      "form-action 'self'", "base-uri 'self'"):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "geolocation=(self)" in headers["Permissions-Policy"]
    assert "Strict-Transport-Security" not in headers  # tests run without HTTPS cookies
    assert client.get("/login").headers["Cache-Control"] == "no-store"


def test_hsts_with_secure_cookies():
    from surveyapp import create_app

    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    response = app.test_client().get("/login")
    assert "max-age=31536000" in response.headers["Strict-Transport-Security"]


def test_csp_allows_the_configured_tile_host_only():
    csp = content_security_policy(
        {"MAP_TILE_URL": "https://{s}.tiles.example.org/{z}/{x}/{y}.png"}
    )
    assert "img-src 'self' data: https://*.tiles.example.org;" in csp
    assert "javascript" not in content_security_policy({"MAP_TILE_URL": "javascript:alert(1)"})


def test_too_large_posts_are_refused(app, client, make_campaign):
    slug = make_campaign()
    token = csrf_token(client, f"/s/{slug}")
    response = client.post(f"/s/{slug}/code", data={"csrf_token": token, "code": "x" * 2_000_000})
    assert response.status_code == 413


def test_forms_without_csrf_token_are_refused(app, client, make_campaign):
    slug = make_campaign()
    response = client.post(f"/s/{slug}/start")
    assert response.status_code == 400
    assert "formuläret" in response.get_data(as_text=True)


@pytest.fixture(scope="module")
def limited_app(database_url):
    """An app with the limiter on and low limits (the shared test app has it off)."""
    app = make_test_app(
        database_url,
        RATELIMIT_ENABLED=True,
        RATELIMIT_CODE="3/minute",
        RATELIMIT_LOGIN="2/minute",
        RATELIMIT_PUBLIC_POST="1000/minute",
        RATELIMIT_OPEN_START="1000/hour",
        OPEN_RESPONSES_PER_BROWSER=1,
    )
    yield app
    from surveyapp.db import db

    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def limited(limited_app, app):
    """The limited app on the same database; its counts are rolled back with ``app``'s test."""
    return limited_app


def test_code_attempts_are_limited_per_address(limited, make_campaign):
    slug = make_campaign()
    client = limited.test_client()
    token = csrf_token(client, f"/s/{slug}")
    statuses = [
        client.post(f"/s/{slug}/code", data={"csrf_token": token, "code": "WRONG-CODE1"}).status_code
        for _ in range(4)
    ]
    assert statuses == [422, 422, 422, 429]
    page = client.post(f"/s/{slug}/code", data={"csrf_token": token, "code": "x"})
    html = page.get_data(as_text=True)
    assert page.status_code == 429 and "Vänta några minuter" in html
    english = client.post(f"/s/{slug}/code?lang=en", data={"csrf_token": token, "code": "x"})
    assert "Please wait a few minutes" in english.get_data(as_text=True)
    other = limited.test_client()
    other.environ_base["REMOTE_ADDR"] = "10.1.2.3"
    token = csrf_token(other, f"/s/{slug}")
    assert other.post(f"/s/{slug}/code", data={"csrf_token": token, "code": "x"}).status_code == 422


def test_login_posts_are_limited(limited):
    client = limited.test_client()
    token = csrf_token(client, "/login")
    data = {"email": "a@example.se", "password": "whatever", "csrf_token": token}
    statuses = [client.post("/login", data=data).status_code for _ in range(3)]
    assert statuses == [401, 401, 429]
    assert client.get("/login").status_code == 200  # only POSTs count


def test_every_public_post_route_is_limited(limited):
    for rule in limited.url_map.iter_rules():
        view = limited.view_functions[rule.endpoint]
        if getattr(view, "is_public", False) and "POST" in rule.methods:
            assert getattr(view, "rate_limited", False), rule.endpoint


def test_one_browser_cannot_stuff_an_open_campaign(limited, make_campaign):
    slug = make_campaign(mode="open")
    client = limited.test_client()
    answer_all(client, start_open(client, slug), FULL_PLAN)
    token = csrf_token(client, f"/s/{slug}")
    again = client.post(f"/s/{slug}/start", data={"csrf_token": token})
    assert again.status_code == 429
    assert "redan skickats" in again.get_data(as_text=True)
    fresh = limited.test_client()
    token = csrf_token(fresh, f"/s/{slug}")
    assert fresh.post(f"/s/{slug}/start", data={"csrf_token": token}).status_code == 303


def test_behind_a_proxy_the_forwarded_client_address_is_limited(database_url, app, make_campaign):
    proxied = make_test_app(database_url, RATELIMIT_ENABLED=True, RATELIMIT_CODE="1/minute",
                            PROXY_FIX_X_FOR=1)
    slug = make_campaign()
    client = proxied.test_client()
    token = csrf_token(client, f"/s/{slug}")

    def post(forwarded_for):
        headers = {"X-Forwarded-For": forwarded_for}
        return client.post(f"/s/{slug}/code", data={"csrf_token": token, "code": "x"},
                           headers=headers).status_code

    assert [post("192.0.2.1"), post("192.0.2.1"), post("192.0.2.2")] == [422, 429, 422]
    with proxied.app_context():
        from surveyapp.db import db

        db.engine.dispose()
