"""A resident answering through the test client: reads each page's fields and posts a plan."""

from __future__ import annotations

import re
from urllib.parse import urlparse

from flask.testing import FlaskClient

# One full set of answers to the standard questionnaire, including the skip-logic branches
# (otrygg_skal shown for trygg_kvall 4, anmalt and utsatt_antal shown for misshandel).
FULL_PLAN: dict[str, object] = {
    "kon": "f",
    "alder": "25-44",
    "omrade": "0682R002",
    "trygg_kvall": "4",
    "avstar": "2",
    "otrygg_skal": ["morker", "folktomt"],
    "oro_inbrott": "2", "oro_overfall": "3", "oro_sexualbrott": "4", "oro_fordon": "3",
    "oro_narstaende": "2", "oro_paverkan": "3",
    "problem_nedskrapning": "1", "problem_skadegorelse": "2", "problem_klotter": "2",
    "problem_buskorning": "3", "problem_narkotika": "9", "problem_berusade": "2",
    "problem_grupper": "1", "problem_belysning": "1",
    "utsatt": ["misshandel"],
    "anmalt": "1",
    "utsatt_antal": "2",
    "fortroende_polis": "2", "fortroende_kommun": "3", "fortroende_bostadsbolag": "9",
    "polis_synlighet": "3",
    "otrygg_plats": "0682R001",
    "otrygg_plats_beskrivning": "Gångtunneln vid stationen",
    "forbattring": "Bättre belysning",
    "bott_ar": "7", "boende": "1", "sysselsattning": "1", "fodd_sverige": "1",
}


def csrf(html: str) -> str:
    """The CSRF token of the first form on a page."""
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def field_names(html: str) -> set[str]:
    """The answer fields on a question page."""
    return set(re.findall(r'<(?:input|select|textarea)[^>]* name="([a-z][a-z0-9_]*)"', html)) - {
        "csrf_token", "action"
    }


def post_page(client: FlaskClient, path: str, plan: dict, action: str = "next"):
    """Post the plan's answers for the fields on ``path``."""
    html = client.get(path).get_data(as_text=True)
    data: dict[str, object] = {"csrf_token": csrf(html), "action": action}
    for name in field_names(html):
        if name in plan:
            data[name] = plan[name]
    return client.post(path, data=data)


def answer_all(client: FlaskClient, start_path: str, plan: dict, limit: int = 30) -> list[str]:
    """Answer page after page until the thank-you page; returns the page paths visited."""
    visited = []
    path = start_path
    for _ in range(limit):
        response = post_page(client, path, plan)
        visited.append(path)
        # Post/redirect/get: every answer is a 303; back to the same page means more
        # questions appeared (or a refusal, which the plan must not cause).
        assert response.status_code == 303, response.status_code
        following = urlparse(response.location).path
        if following.endswith("/thanks"):
            return visited
        if following == path:
            again = client.get(path).get_data(as_text=True)
            assert 'class="err"' not in again, path
        path = following
    raise AssertionError(f"did not reach the thank-you page: {visited}")


def start_open(client: FlaskClient, slug: str) -> str:
    """Start an open-link survey; returns the first page's path."""
    html = client.get(f"/s/{slug}").get_data(as_text=True)
    response = client.post(f"/s/{slug}/start", data={"csrf_token": csrf(html)})
    assert response.status_code == 303
    return urlparse(response.location).path  # one redirect, straight to the first page


def start_with_code(client: FlaskClient, slug: str, code: str):
    """Post a code on the start page; returns the response."""
    html = client.get(f"/s/{slug}").get_data(as_text=True)
    return client.post(f"/s/{slug}/code", data={"csrf_token": csrf(html), "code": code})
