"""Staff pages for dialogue maps: who may use them, the form, every bad field, state changes."""

from __future__ import annotations

import html as html_lib
import re

import pytest

from surveyapp.i18n import LANGUAGES
from tests.conftest import csrf_token
from tests.surveyapp.dialogue_admin import (
    TODAY,
    add_pin,
    audit_objects,
    dialogue_count,
    make_areas,
    stored,
    valid_values,
)

NEW = "/staff/dialogues/new"

# One wrong value per field of the form (titles/intros: too long; sv title: empty).
BAD = {
    "slug": "Stora parken!",
    **{f"title_{lang}": "x" * 201 for lang in LANGUAGES},
    **{f"intro_{lang}": "x" * 2001 for lang in LANGUAGES},
    "areas": ["NOPE"],
    "category_source": "our-own",
    "custom_categories": "Mörker sv Mörker",
    "comments_allowed": "kanske",
    "me_too_shown": "2",
    "moderation": "ingen",
    "opens": "31/12/2026",
    "closes": "2026-13-01",
}


@pytest.fixture
def coordinator(app, client, log_in):
    make_areas(app)
    log_in(client, ["coordinator"])
    return client


def _post(client, url, values, lang="en"):
    data = {"csrf_token": csrf_token(client, NEW), **values}
    return client.post(f"{url}?lang={lang}", data=data)


def _error(response, field: str) -> str:
    match = re.search(rf'id="err-{field}"><span[^>]*>[^<]*</span> ([^<]+)</p>',
                      response.get_data(as_text=True))
    assert match, f"no error shown for {field}"
    return html_lib.unescape(match.group(1)).strip()


def _bad(field):
    values = valid_values(**{field: BAD[field]})
    if field == "title_sv":
        values["title_sv"] = " "
    if field == "custom_categories":
        values["category_source"] = "custom"
    return values


def test_only_coordinators_and_admins(app, client, log_in):
    make_areas(app)
    log_in(client, ["moderator"], email="mod@kommun.se")
    assert client.get("/staff/dialogues").status_code == 403
    admin = app.test_client()
    log_in(admin, ["admin"], email="admin@kommun.se")
    assert admin.get("/staff/dialogues").status_code == 200


def test_create_through_the_form_then_edit(app, coordinator):
    page = coordinator.get(NEW + "?lang=en").get_data(as_text=True)
    assert 'name="title_ti"' in page and 'value="0682R003"' in page and "NOSHAPE" not in page
    response = _post(coordinator, NEW, valid_values())
    assert response.status_code == 302
    saved = stored(app, "parken-2026")
    assert saved["areas"] == ["0682R001", "0682R002"] and saved["comments_allowed"] == "1"
    edit_url = response.headers["Location"]
    form = coordinator.get(edit_url + "?lang=en").get_data(as_text=True)
    assert 'value="Safety in the park"' in form and "/karta/parken-2026" in form
    values = valid_values()
    del values["comments_allowed"]  # an unticked checkbox is not posted
    assert _post(coordinator, edit_url, values).status_code == 302
    assert stored(app, "parken-2026")["comments_allowed"] == "0"
    assert audit_objects(app, "dialogue_edited") == ["dialogue parken-2026: comments_allowed"]


@pytest.mark.parametrize("field", sorted(BAD))
def test_every_field_of_the_new_form_refuses_a_wrong_value(app, coordinator, field):
    english = _post(coordinator, NEW, _bad(field), "en")
    swedish = _post(coordinator, NEW, _bad(field), "sv")
    assert english.status_code == swedish.status_code == 422
    assert _error(english, field) != _error(swedish, field), "the error is not translated"
    assert 'href="#field-' + field + '"' in swedish.get_data(as_text=True)
    assert dialogue_count(app) == 0 and audit_objects(app, "dialogue_created") == []


@pytest.mark.parametrize("field", sorted(BAD))
def test_every_field_of_the_edit_form_refuses_a_wrong_value(app, coordinator, field):
    edit_url = _post(coordinator, NEW, valid_values()).headers["Location"]
    before = stored(app, "parken-2026")
    english = _post(coordinator, edit_url, _bad(field), "en")
    swedish = _post(coordinator, edit_url, _bad(field), "sv")
    assert english.status_code == swedish.status_code == 422
    assert _error(english, field) != _error(swedish, field), "the error is not translated"
    assert stored(app, "parken-2026") == before
    assert audit_objects(app, "dialogue_edited") == []


def test_duplicate_slug_and_closing_before_opening(app, coordinator):
    _post(coordinator, NEW, valid_values())
    response = _post(coordinator, NEW, valid_values(opens="2026-09-10", closes="2026-09-01"),
                     "sv")
    assert response.status_code == 422
    assert _error(response, "slug") and _error(response, "closes")
    assert dialogue_count(app) == 1


def test_removing_an_area_with_pins_is_refused_in_the_form(app, coordinator):
    edit_url = _post(coordinator, NEW, valid_values()).headers["Location"]
    add_pin(app, "parken-2026", "0682R002")
    response = _post(coordinator, edit_url, valid_values(areas=["0682R001"]))
    assert response.status_code == 422 and "Norrmalm" in _error(response, "areas")
    assert stored(app, "parken-2026")["areas"] == ["0682R001", "0682R002"]


def test_close_archive_delete_buttons(app, coordinator):
    edit_url = _post(coordinator, NEW, valid_values()).headers["Location"]
    _post(coordinator, NEW, valid_values(slug="tom"))
    add_pin(app, "parken-2026")
    page = coordinator.get(edit_url).get_data(as_text=True)
    assert f"{edit_url}/close" in page and f"{edit_url}/delete" not in page
    assert _post(coordinator, f"{edit_url}/delete", {}).status_code == 409
    assert stored(app, "parken-2026") is not None
    assert _post(coordinator, f"{edit_url}/close", {}).status_code == 302
    assert stored(app, "parken-2026")["closed_on"] == TODAY
    assert _post(coordinator, f"{edit_url}/close", {}).status_code == 409
    assert _post(coordinator, f"{edit_url}/archive", {}).status_code == 302
    listing = coordinator.get("/staff/dialogues?lang=en").get_data(as_text=True)
    assert listing.index("/karta/tom<") < listing.index("Archived") < listing.index(
        "/karta/parken-2026<")
    tom_url = edit_url.rsplit("/", 1)[0] + "/" + str(int(edit_url.rsplit("/", 1)[1]) + 1)
    assert _post(coordinator, f"{tom_url}/delete", {}).status_code == 302
    assert stored(app, "tom") is None
    assert audit_objects(app, "dialogue_deleted") == ["dialogue tom"]


def test_the_list_counts_public_and_waiting_pins(app, coordinator):
    edit_url = _post(coordinator, NEW, valid_values()).headers["Location"]
    _post(coordinator, NEW, valid_values(slug="tom"))
    for status in ("approved", "approved", "pending", "rejected"):
        add_pin(app, "parken-2026", status=status)
    listing = coordinator.get("/staff/dialogues?lang=sv").get_data(as_text=True)
    rows = re.findall(r'/karta/([a-z0-9-]+)</a>\s*· <span class="pin-counts">([^<]+)</span>',
                      listing)
    assert dict(rows) == {"parken-2026": "På kartan: 2, väntar på granskning: 1",
                          "tom": "På kartan: 0, väntar på granskning: 0"}
    page = coordinator.get(f"{edit_url}?lang=sv").get_data(as_text=True)
    assert "Markerade platser: 4" in page
