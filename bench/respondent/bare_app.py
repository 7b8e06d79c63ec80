"""The peer in the respondent-flow bench: a bare Flask app that writes one row per POST.

Same URL shape and request count as the real flow (start page, start POST, one redirect, every
page GET + POST, thank-you), a CSRF-like token in the signed session cookie, one INSERT and
COMMIT per POST — and nothing else: no questionnaire, no validation, no templates.

Served by the bench with ``gunicorn 'bench.respondent.bare_app:create_app()'``; ``DATABASE_URL``
names the database, ``BARE_PAGES`` the number of pages. ``create_table`` makes its one table
before the workers start (so they do not race to create it).
"""

from __future__ import annotations

import os
import secrets

import sqlalchemy as sa
from flask import Flask, abort, redirect, request, session

_METADATA = sa.MetaData()
_ANSWER = sa.Table(
    "bare_answer", _METADATA,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("draft", sa.String(64), nullable=False),
    sa.Column("page", sa.Integer, nullable=False),
    sa.Column("body", sa.Text, nullable=False),
)
_FORM = ('<!doctype html><html lang="sv"><title>Sida {n}</title><form method="post">'
         '<input type="hidden" name="csrf_token" value="{token}">'
         '<input name="kon"><button>Nästa</button></form></html>')


def _engine(url: str) -> sa.Engine:
    return sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))


def create_table(url: str) -> None:
    """The table the bare app writes to."""
    engine = _engine(url)
    _METADATA.create_all(engine)
    engine.dispose()


def create_app() -> Flask:
    """The bare app on ``DATABASE_URL`` (its table made by ``create_table``)."""
    engine = _engine(os.environ["DATABASE_URL"])
    pages = int(os.environ.get("BARE_PAGES", "8"))
    app = Flask(__name__)
    app.secret_key = "bench-bare"

    def token() -> str:
        session.setdefault("token", secrets.token_urlsafe(16))
        return session["token"]

    def check_token() -> None:
        if request.form.get("csrf_token") != session.get("token"):
            abort(400)

    @app.get("/s/<slug>")
    def start(slug: str) -> str:
        return _FORM.format(n=0, token=token())

    @app.post("/s/<slug>/start")
    def start_post(slug: str):
        check_token()
        session["draft"] = secrets.token_hex(16)
        return redirect(f"/s/{slug}/page/1", 303)

    @app.route("/s/<slug>/page/<int:number>", methods=["GET", "POST"])
    def page(slug: str, number: int):
        if request.method == "GET":
            return _FORM.format(n=number, token=token())
        check_token()
        with engine.begin() as connection:
            connection.execute(_ANSWER.insert().values(
                draft=session["draft"], page=number, body=repr(dict(request.form))))
        if number >= pages:
            return redirect(f"/s/{slug}/thanks", 303)
        return redirect(f"/s/{slug}/page/{number + 1}", 303)

    @app.get("/s/<slug>/thanks")
    def thanks(slug: str) -> str:
        return "<!doctype html><title>Tack</title><p>Tack!</p>"

    return app
