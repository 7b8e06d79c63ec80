"""Phone first: every respondent page stays under 30 KB of HTML + CSS and needs no JavaScript."""

import re

import pytest

from bench.page_weight import LIMIT, measure


@pytest.mark.parametrize("language", ["sv", "ar"])
def test_every_respondent_page_is_light(language):
    rows = measure(language)
    assert len(rows) >= 10, "walked start, all question pages and the thank-you page"
    heavy = [(name, size) for name, size, _ in rows if size > LIMIT]
    assert heavy == []


def test_question_pages_have_no_script(client, make_campaign):
    from tests.surveyapp.respondent import start_open

    make_campaign(slug="noscript", mode="open")
    html = client.get(start_open(client, "noscript")).get_data(as_text=True)
    assert re.search(r"<script", html) is None
    assert 'name="kon"' in html
