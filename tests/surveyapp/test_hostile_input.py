"""Random and hostile input posted to every public form: never a 5xx, never a partial row.

Property-based (hypothesis) with modest example counts so the file stays well under a minute
per backend. These run on SQLite and PostgreSQL like every ``app`` test: PostgreSQL is the one
that refuses NUL characters in text and checks types strictly, so it finds bugs SQLite hides.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from surveyapp.auth.models import User
from surveyapp.db import db
from surveyapp.surveys.models import Draft, Invitation, Response
from tests.surveyapp.respondent import csrf, field_names, start_open

HOSTILE = [
    "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "' OR '1'='1' --",
    "'; DROP TABLE response; --", "{{ 7*7 }}", "%(name)s", "%s%s%s%n", "../../etc/passwd",
    "\x00", "a\x00b", "\u202e\u0645\u0631\u062d\u0628\u0627", "\ufeff", "🙂" * 50, "-1", "0",
    "99999999999999999999999", "1e309", "NaN", "-0", " ", "", "x" * 5000, "null", "[]", "{}",
    "0682R001", "f", "25-44", "next", "back", "save",
]
VALUES = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=200),
)
FORM_VALUE = st.one_of(VALUES, st.lists(VALUES, min_size=0, max_size=4))
SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _form(names: list[str]):
    """Dicts over the real field names plus a few unknown ones, with hostile values."""
    keys = st.sampled_from(sorted(set(names) | {"action", "unknown", "csrf_token_x"}))
    return st.dictionaries(keys, FORM_VALUE, max_size=len(names) + 3)


def test_survey_pages(app, client, make_campaign):
    slug = make_campaign(mode="open")
    first = start_open(client, slug)
    page_count = 8
    fields = {
        number: sorted(field_names(client.get(f"/s/{slug}/page/{number}").get_data(as_text=True)))
        for number in range(1, page_count + 1)
    }
    token = csrf(client.get(first).get_data(as_text=True))
    variables = set()
    with app.app_context():
        from surveyapp.surveys.services import find_campaign

        variables = set(find_campaign(slug).questionnaire.model().variables())

    @SETTINGS
    @given(number=st.integers(1, page_count), data=st.data())
    def post(number, data):
        form = data.draw(_form(fields[number] or ["x"]))
        form["csrf_token"] = token
        response = client.post(f"/s/{slug}/page/{number}", data=form)
        assert response.status_code < 500, (number, form)
        assert _count(app, Response) == 0
        with app.app_context():
            [draft] = db.session.scalars(sa.select(Draft)).all()
            assert set(draft.answers) <= variables, set(draft.answers) - variables

    post()


def test_code_form(app, client, make_campaign, make_codes):
    slug = make_campaign(mode="invitation")
    make_codes(slug, 2)
    token = csrf(client.get(f"/s/{slug}").get_data(as_text=True))

    @SETTINGS
    @given(code=VALUES)
    def post(code):
        response = client.post(f"/s/{slug}/code", data={"csrf_token": token, "code": code})
        assert response.status_code in (400, 422), (code, response.status_code)
        assert _count(app, Draft) == 0
        assert _count(app, Invitation) == 2

    post()


def test_login_form(app, client):
    token = csrf(client.get("/login").get_data(as_text=True))

    @SETTINGS
    @given(form=_form(["email", "password"]))
    def post(form):
        form["csrf_token"] = token
        response = client.post("/login", data=form)
        assert response.status_code in (400, 401), (form, response.status_code)
        assert _count(app, User) == 0

    post()


def test_every_public_post_route(app, client, make_campaign):
    """Whatever other features add: each public POST route, with the field names of its page."""
    slug = make_campaign(mode="both")
    _open_dialogue_with_slug(app, slug)
    token = csrf(client.get(f"/s/{slug}").get_data(as_text=True))
    targets = []
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if not getattr(view, "is_public", False) or "POST" not in rule.methods:
            continue
        values = {name: (slug if name == "slug" else 1) for name in rule.arguments}
        url = app.url_map.bind("localhost").build(rule.endpoint, values)
        names = sorted(_fields_of_form_for(client, url, "GET" in rule.methods)) or ["text"]
        targets.append((rule.endpoint, url, names))
    assert any(endpoint == "surveys.enter_code" for endpoint, _, _ in targets)

    @SETTINGS
    @given(data=st.data())
    def post(data):
        endpoint, url, names = data.draw(st.sampled_from(targets))
        form = data.draw(_form(names))
        form["csrf_token"] = token
        response = client.post(url, data=form)
        assert response.status_code < 500, (endpoint, form, response.status_code)
        assert _count(app, Response) == 0
        _assert_pins_complete(app)

    post()


def _fields_of_form_for(client, url: str, has_get: bool) -> set[str]:
    """The field names of the page whose form posts to ``url``: the page itself, else the
    nearest parent path that has such a form."""
    if has_get:
        return field_names(client.get(url).get_data(as_text=True))
    path = url
    while "/" in path.strip("/"):
        path = path.rsplit("/", 1)[0]
        html = client.get(path).get_data(as_text=True)
        if f'action="{url}"' in html:
            return field_names(html)
    return set()


def _open_dialogue_with_slug(app, slug: str) -> None:
    """If the dialogue feature is installed, open a map with the campaign's slug so the generic
    walk reaches its forms too (by table, so this file does not depend on that feature)."""
    from datetime import date, timedelta

    table = db.metadata.tables.get("dialogue")
    if table is None:
        return
    today = date.today()
    with app.app_context():
        db.session.execute(sa.insert(table).values(
            slug=slug, name="Hostile", opens=today - timedelta(days=1),
            closes=today + timedelta(days=30),
        ))
        db.session.commit()


def _assert_pins_complete(app) -> None:
    """Every stored pin has a position and a category: nothing half-written."""
    table = db.metadata.tables.get("pin")
    if table is None:
        return
    with app.app_context():
        for row in db.session.execute(sa.select(table.c.lat, table.c.lng, table.c.category)):
            assert -90 <= row.lat <= 90 and -180 <= row.lng <= 180 and row.category, row


def test_nul_characters_are_refused_before_any_view(client):
    token = csrf(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"csrf_token": token, "email": "a\x00b", "password": "x"})
    assert response.status_code == 400
    assert re.search(r"<h1>", response.get_data(as_text=True))
