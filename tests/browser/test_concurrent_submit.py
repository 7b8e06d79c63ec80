"""Exactly one response when the last page is sent several times at once (double tap, retry)."""

from __future__ import annotations

import re
import threading

import sqlalchemy as sa

from bench.respondent_client import PLAN, Respondent
from surveyapp.db import db
from surveyapp.surveys.models import Response

FIELD = re.compile(r'<(?:input|select|textarea)[^>]* name="([a-z][a-z0-9_]*)"')
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def count(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Response))


def test_simultaneous_posts_of_the_last_page_store_one_response(live_server):
    app = live_server["app"]
    before = count(app)
    resident = Respondent(live_server["url"])
    _, _, html = resident.request("/s/trygghet-2026?lang=en")
    _, path, _ = resident.request("/s/trygghet-2026/start",
                                  {"csrf_token": TOKEN.search(html).group(1)})  # to the page
    while True:
        _, _, html = resident.request(path)
        data = {"csrf_token": TOKEN.search(html).group(1), "action": "next"}
        data.update({n: PLAN[n] for n in set(FIELD.findall(html)) if n in PLAN})
        if "Send my answers" in html:
            break
        status, location, _ = resident.request(path, data)
        path = location if status == 303 else path

    results: list[tuple[int, str]] = []
    barrier = threading.Barrier(4)

    def send() -> None:
        barrier.wait()
        status, location, _ = resident.request(path, data)
        results.append((status, location))

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 4
    assert results == [(303, "/s/trygghet-2026/thanks")] * 4
    assert count(app) == before + 1
