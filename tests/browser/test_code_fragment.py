"""A letter's QR address carries the code in the #fragment: the browser fills and sends the form
with it, and no request the browser makes (so no server log line) contains the code."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask

from surveyapp.db import db
from surveyapp.invitations.letters import code_url
from surveyapp.surveys.codes import hash_code, normalise_code
from surveyapp.surveys.models import Draft, Invitation


def test_the_qr_fragment_starts_the_survey_without_sending_the_code(phone, live_server):
    app: Flask = live_server["app"]
    code = live_server["demo"]["codes"][-1]
    with app.test_request_context(base_url=live_server["url"]):
        address = code_url("trygghet-2026", code)
    assert address.startswith(live_server["url"]) and "#code=" in address
    context = phone()
    sent: list[str] = []
    context.on("request", lambda request: sent.append(request.url + " " + (request.post_data or "")
                                                      if request.method == "POST" else request.url))
    page = context.new_page()
    page.goto(address)
    page.wait_for_url("**/s/trygghet-2026/page/*")
    assert "#code" not in page.url
    urls = [entry.split(" ")[0] for entry in sent]
    spellings = {code, normalise_code(code), code.lower()}
    assert not any(spelling in url for url in urls for spelling in spellings), urls
    # Only the form body carries it (a POST body is not in an access log).
    assert any("code=" in entry and "/code " in entry for entry in sent)
    # The live server is shared: leave no draft behind for the other browser tests.
    with app.app_context():
        invitation = db.session.scalar(sa.select(Invitation.id).where(
            Invitation.code_hash == hash_code("trygghet-2026", code)))
        db.session.execute(sa.delete(Draft).where(Draft.invitation_id == invitation))
        db.session.commit()
