"""JSON API for dialogue maps: authentication, create/edit/close/archive/delete, errors."""

from __future__ import annotations

import pytest
import yaml

from tests.conftest import REPO, csrf_token
from tests.surveyapp.dialogue_admin import (
    add_pin,
    audit_objects,
    dialogue_count,
    make_areas,
    stored,
    valid_values,
)

API = "/api/dialogues"


@pytest.fixture
def api(app, client, log_in):
    make_areas(app)
    log_in(client, ["coordinator"])
    token = csrf_token(client, "/staff/dialogues/new")

    def call(method: str, url: str, body=None, lang: str = "en"):
        return client.open(f"{url}?lang={lang}", method=method, json=body,
                           headers={"X-CSRFToken": token})

    return call


def test_anonymous_and_other_roles_are_refused(app, client, log_in):
    make_areas(app)
    assert client.get(API).status_code == 302
    log_in(client, ["analyst"])
    assert client.get(API).status_code == 403


def test_post_without_the_csrf_token_is_refused(app, client, log_in):
    make_areas(app)
    log_in(client, ["coordinator"])
    assert client.post(API, json=valid_values()).status_code == 400
    assert dialogue_count(app) == 0


def test_create_show_edit_close_archive(app, api):
    created = api("POST", API, valid_values(moderation="all_wait"))
    assert created.status_code == 201
    body = created.get_json()
    assert body["url"] == "/karta/parken-2026" and body["moderation"] == "all_wait"
    assert body["areas"] == ["0682R001", "0682R002"] and body["is_open"] is True
    assert api("GET", f"{API}/parken-2026").get_json()["titles"]["en"] == "Safety in the park"
    edited = api("PATCH", f"{API}/parken-2026", {"intro_en": "Mark places.", "me_too_shown": False})
    assert edited.status_code == 200
    assert edited.get_json()["changed"] == ["intros", "me_too_shown"]
    assert stored(app, "parken-2026")["me_too_shown"] == "0"
    assert audit_objects(app, "dialogue_edited") == ["dialogue parken-2026: intros, me_too_shown"]
    assert api("POST", f"{API}/parken-2026/close").get_json()["is_open"] is False
    assert api("POST", f"{API}/parken-2026/close").status_code == 409
    assert api("POST", f"{API}/parken-2026/archive").get_json()["archived"] is True
    assert api("GET", API).get_json()["dialogues"] == [], "archived maps are not listed"


def test_archived_list_with_the_query(app, client, api):
    api("POST", API, valid_values())
    api("POST", f"{API}/parken-2026/archive")
    token = csrf_token(client, "/staff/dialogues/new")
    listing = client.get(API, query_string={"archived": "1"}, headers={"X-CSRFToken": token})
    assert [d["slug"] for d in listing.get_json()["dialogues"]] == ["parken-2026"]


def test_invalid_body_gets_translated_errors_per_field_and_stores_nothing(app, api):
    bad = valid_values(slug="A B", closes="2020-01-01", areas=["NOPE"], colour="red")
    english = api("POST", API, bad, "en")
    swedish = api("POST", API, bad, "sv")
    assert english.status_code == swedish.status_code == 422
    errors_en, errors_sv = english.get_json()["errors"], swedish.get_json()["errors"]
    assert set(errors_en) == {"slug", "closes", "areas", "unknown"}
    assert errors_sv["closes"] == "Slutdatumet är före startdatumet."
    assert all(errors_en[name] != errors_sv[name] for name in errors_en)
    assert dialogue_count(app) == 0
    assert api("POST", API, ["not", "an", "object"]).status_code == 400


def test_area_change_and_delete_refused_once_pins_exist(app, api):
    api("POST", API, valid_values())
    add_pin(app, "parken-2026", "0682R002")
    refused = api("PATCH", f"{API}/parken-2026", {"areas": ["0682R001"]})
    assert refused.status_code == 422 and "Norrmalm" in refused.get_json()["errors"]["areas"]
    assert api("DELETE", f"{API}/parken-2026").status_code == 409
    assert dialogue_count(app) == 1
    api("POST", API, valid_values(slug="tom"))
    assert api("DELETE", f"{API}/tom").status_code == 204
    assert stored(app, "tom") is None and api("GET", f"{API}/tom").status_code == 404


def test_openapi_documents_every_dialogue_route(app):
    spec = yaml.safe_load((REPO / "surveyapp/api/openapi.yaml").read_text(encoding="utf-8"))
    routes = [rule for rule in app.url_map.iter_rules() if rule.rule.startswith(API)]
    assert len(routes) >= 5
    for rule in routes:
        path = rule.rule.replace("<slug>", "{slug}")
        methods = {m.lower() for m in rule.methods or ()} - {"head", "options"}
        assert methods <= set(spec["paths"].get(path, {})), f"{path} {methods} undocumented"
    fields = spec["components"]["schemas"]["DialogueInput"]["properties"]
    for name in ("slug", "title_sv", "intro_en", "areas", "category_source",
                 "custom_categories", "comments_allowed", "me_too_shown", "moderation", "opens",
                 "closes"):
        assert name in fields


@pytest.mark.parametrize("body", [
    {"slug": 12, "areas": 5, "opens": None, "moderation": ["x"], "comments_allowed": {"a": 1}},
    {"title_sv": ["a"], "custom_categories": 7, "category_source": "custom", "areas": {"x": 1}},
])
def test_wrong_json_types_are_field_errors_not_crashes(app, api, body):
    response = api("POST", API, valid_values(**body))
    assert response.status_code == 422
    assert set(body) - {"category_source"} <= set(response.get_json()["errors"])
    assert dialogue_count(app) == 0
