"""Walk every route in ``app.url_map`` anonymously and as each role.

Every endpoint's view must be marked ``@public`` or ``@role_required(...)`` (``@staff_member`` is
``role_required`` with every role). Every method of every route is called (POSTs with a valid
CSRF token and an empty form). For role routes: anonymous → 302 to the login page; logged in
without the role → 403; with the role → neither 403 nor the login redirect, and never a 5xx.
URL parameters get dummy values, so a 404 for the role holder is fine. Other engineers add routes
all the time: a failure names the endpoint.
"""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import Rule

from surveyapp.auth.models import Role

DUMMY = {"int": 1, "float": 1.0, "uuid": "00000000-0000-0000-0000-000000000000"}


def _rules(app: Flask) -> list[Rule]:
    return sorted(
        (rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"),
        key=lambda rule: rule.endpoint,
    )


def _url(app: Flask, rule: Rule) -> str:
    values = {}
    for argument in rule.arguments:
        converter = rule._converters[argument]  # noqa: SLF001
        name = type(converter).__name__.lower()
        if getattr(converter, "items", None):  # any(...) converters accept only their items
            values[argument] = sorted(converter.items)[0]
        else:
            values[argument] = next((v for k, v in DUMMY.items() if k in name), "x")
    with app.test_request_context():
        return app.url_map.bind("localhost").build(rule.endpoint, values)


def _methods(rule: Rule) -> list[str]:
    """GET and every state-changing method the rule accepts (each is checked)."""
    return sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})


def _token(client: FlaskClient) -> str:
    html = client.get("/login").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _call(client: FlaskClient, method: str, url: str):
    headers = {"X-CSRFToken": _token(client)} if method != "GET" else {}
    return client.open(url, method=method, headers=headers)


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and "/login" in response.headers.get("Location", "")


def test_every_route_is_public_or_needs_a_role(app):
    unmarked = []
    for rule in _rules(app):
        view = app.view_functions[rule.endpoint]
        if not getattr(view, "is_public", False) and not getattr(view, "required_roles", None):
            unmarked.append(rule.endpoint)
    assert not unmarked, (
        "these endpoints are neither @public nor @role_required(...): " + ", ".join(unmarked)
    )


def test_anonymous_visitors(app, client):
    for rule in _rules(app):
        view = app.view_functions[rule.endpoint]
        url = _url(app, rule)
        for method in _methods(rule):
            response = _call(client, method, url)
            where = f"{rule.endpoint} ({method} {url}) answered {response.status_code}"
            assert response.status_code < 500, where
            if getattr(view, "required_roles", None):
                assert _is_login_redirect(response), f"{where}; anonymous must go to login"
            else:
                assert not _is_login_redirect(response), f"{where}; a public page sent to login"


@pytest.mark.parametrize("role", list(Role))
def test_each_role(app, role, log_in):
    client = log_in(app.test_client(), [role])
    checked = 0
    for rule in _rules(app):
        required = getattr(app.view_functions[rule.endpoint], "required_roles", None)
        if not required:
            continue
        url = _url(app, rule)
        for method in _methods(rule):
            response = _call(client, method, url)
            where = f"{rule.endpoint} ({method} {url}) as {role} answered {response.status_code}"
            assert response.status_code < 500, where
            assert not _is_login_redirect(response), f"{where}; a logged-in user sent to login"
            if role in required or role == "admin":
                assert response.status_code != 403, f"{where}; the role {role} is allowed here"
            else:
                assert response.status_code == 403, f"{where}; only {required} may come here"
            checked += 1
    assert checked > 0


def test_a_user_without_roles_is_refused_everywhere(app, log_in):
    client = log_in(app.test_client(), [])
    for rule in _rules(app):
        if getattr(app.view_functions[rule.endpoint], "required_roles", None):
            for method in _methods(rule):
                response = _call(client, method, _url(app, rule))
                where = f"{rule.endpoint} ({method}) answered {response.status_code}"
                assert response.status_code == 403, where
