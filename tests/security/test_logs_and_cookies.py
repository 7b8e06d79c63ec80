"""The code never travels in a URL the server logs, and the cookie holds no code (issue 13)."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from surveyapp.invitations.letters import code_url
from surveyapp.surveys.codes import normalise_code
from tests.surveyapp.respondent import FULL_PLAN, answer_all, csrf


class AccessLog:
    """WSGI middleware writing one gunicorn-style access line per request (the request line,
    status and referer, as ``%(h)s "%(r)s" %(s)s "%(f)s" "%(a)s"`` logs them)."""

    def __init__(self, wsgi_app) -> None:
        self.wsgi_app = wsgi_app
        self.lines: list[str] = []

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        query = environ.get("QUERY_STRING", "")
        request_line = f"{environ['REQUEST_METHOD']} {path}{'?' + query if query else ''}"

        def recording_start_response(status, headers, *args):
            self.lines.append(
                f'127.0.0.1 "{request_line} HTTP/1.1" {status.split()[0]} '
                f'"{environ.get("HTTP_REFERER", "-")}" "{environ.get("HTTP_USER_AGENT", "-")}"'
            )
            return start_response(status, headers, *args)

        return self.wsgi_app(environ, recording_start_response)


def _spellings(code: str) -> set[str]:
    return {code, normalise_code(code), code.lower(), normalise_code(code).lower()}


def _session(app, client) -> dict:
    """The Flask session cookie decoded with the app's own serializer."""
    cookie = client.get_cookie(app.config.get("SESSION_COOKIE_NAME", "session"))
    assert cookie is not None
    return app.session_interface.get_signing_serializer(app).loads(cookie.value)


def test_a_letter_code_start_logs_no_code_and_the_cookie_holds_none(app, make_campaign,
                                                                    make_codes):
    slug = make_campaign(mode="invitation")
    [code] = make_codes(slug, 1)
    with app.test_request_context():
        printed = code_url(slug, code)
    parts = urlsplit(printed)
    assert parts.fragment == f"code={code}" and code not in parts.path + parts.query
    log = AccessLog(app.wsgi_app)
    app.wsgi_app = log
    try:
        client = app.test_client()
        # What a browser sends for the QR address: the path only, never the fragment.
        start = client.get(parts.path)
        assert start.status_code == 200
        html = start.get_data(as_text=True)
        assert 'src="/static/surveys/code-fragment.js?v=' in html
        # The page's script posts the form with the code from the fragment.
        begun = client.post(f"/s/{slug}/code", data={"csrf_token": csrf(html), "code": code},
                            headers={"Referer": parts.scheme + "://" + parts.netloc + parts.path})
        assert begun.status_code == 303
        before_submit = json.dumps(_session(app, client))
        first = urlsplit(begun.location).path
        answer_all(client, first, FULL_PLAN)
        after_submit = _session(app, client)
    finally:
        app.wsgi_app = log.wsgi_app
    assert len(log.lines) > 10
    for line in log.lines:
        assert not any(spelling in line for spelling in _spellings(code)), line
    for spelling in _spellings(code):
        assert spelling not in before_submit
        assert spelling not in json.dumps(after_submit)
    # After the submit the cookie keeps no draft key at all, only the count of answers sent.
    assert slug not in (after_submit.get("drafts") or {})
    assert after_submit["answered"] == {slug: 1}
    # Sending the last page again (a stale tab) still gets the thank-you page, not an error.
    again = client.get(f"/s/{slug}/page/1")
    assert again.status_code == 303 and again.location.endswith(f"/s/{slug}/thanks")


def test_an_old_letter_query_code_is_dropped(app, make_campaign, make_codes):
    slug = make_campaign(mode="invitation")
    [code] = make_codes(slug, 1)
    client = app.test_client()
    old = client.get(f"/s/{slug}?code={code}")
    assert old.status_code == 303 and old.location == f"/s/{slug}"
    # The code is not carried on: not in the redirect, not in the form, not in the cookie.
    assert code not in old.get_data(as_text=True)
    page = client.get(old.location).get_data(as_text=True)
    assert code not in page
    assert client.get_cookie("session") is None or code not in json.dumps(_session(app, client))
