"""Reminders and paper answers keep the promise: nothing links a response to its code.

A paper entry uses its code with the same footprint in the database as a web submit (the same
tables, the same number of rows, the same tables sharing the code's transaction id on
PostgreSQL, no audit row), and letters store neither the löpnummer nor the code.
"""

from __future__ import annotations

import sqlalchemy as sa

from surveyapp.db import db
from surveyapp.surveys.models import Invitation
from tests.security.attacker import every_stored_value, submit_with_code
from tests.surveyapp.respondent import csrf, field_names
from tests.surveyapp.test_paper_entry import PAPER_PLAN
from tests.surveyapp.test_reminders import HEADER, _letters, _upload


def _row_counts(app) -> dict[str, int]:
    with app.app_context():
        return {table.name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
                for table in db.metadata.sorted_tables}


def _changes(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {name: after[name] - before[name] for name in after if after[name] != before[name]}


def _paper(app, clerk, slug: str, code: str) -> None:
    page = clerk.get(f"/staff/paper/{slug}").get_data(as_text=True)
    opened = clerk.post(f"/staff/paper/{slug}", data={
        "csrf_token": csrf(page), "code": code, "action": "open"}).get_data(as_text=True)
    data = {"csrf_token": csrf(opened), "code": code, "action": "save", "language": "sv"}
    data.update({name: PAPER_PLAN[name] for name in field_names(opened) if name in PAPER_PLAN})
    assert clerk.post(f"/staff/paper/{slug}", data=data).status_code == 303


def _tables_sharing_xmin(app, invitation_id: int) -> set[str]:
    """PostgreSQL: the tables with a row written in the transaction that used this code."""
    with app.app_context():
        xid = db.session.scalar(sa.text("SELECT xmin::text FROM invitation WHERE id = :id"),
                                {"id": invitation_id})
        return {table.name for table in db.metadata.sorted_tables
                if db.session.scalar(sa.text(
                    f'SELECT count(*) FROM "{table.name}" WHERE xmin::text = :x'),  # noqa: S608
                    {"x": xid})}


def test_a_paper_entry_looks_like_a_web_submit_in_the_database(anonymous_app, make_campaign,
                                                                make_codes, log_in):
    app = anonymous_app
    slug = make_campaign(mode="invitation")
    web_code, paper_code = make_codes(slug, 2)
    clerk = log_in(app.test_client(), ["data_entry"])
    with app.app_context():
        web_id, paper_id = db.session.scalars(sa.select(Invitation.id).order_by(Invitation.id))

    before = _row_counts(app)
    submit_with_code(app, slug, web_code, "web")
    middle = _row_counts(app)
    _paper(app, clerk, slug, paper_code)
    after = _row_counts(app)
    web, paper = _changes(before, middle), _changes(middle, after)
    assert web == paper == {"submitted_key": 1, "pending_answer": 1}
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        assert _tables_sharing_xmin(app, web_id) == _tables_sharing_xmin(app, paper_id) == {
            "invitation", "submitted_key", "pending_answer"}


def test_letters_and_reminders_store_neither_lopnummer_nor_code(anonymous_app, make_campaign,
                                                                log_in):
    app = anonymous_app
    slug = make_campaign(mode="invitation")
    staff = log_in(app.test_client(), ["coordinator"])
    serials = ["LNR-Ö-918273", "LNR-Ö-564738"]
    frame = HEADER + "".join(
        f"{serial};0682R001;f;25-44;Namn {n};Gatan {n};571 30;Nässjö\n"
        for n, serial in enumerate(serials))
    codes = list(_letters(_upload(staff, slug, frame, "letters")).values())
    assert list(_letters(_upload(staff, slug, frame, "reminders")).values()) == codes
    dump = "\n".join(text for _table, _column, text in every_stored_value(app))
    for secret in (*serials, "918273", *codes, *(code.replace("-", "") for code in codes)):
        assert secret not in dump
