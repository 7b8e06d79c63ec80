"""The resident map honours a dialogue's settings; /karta lists open and closed maps."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from surveyapp.actions.models import Action
from surveyapp.db import db
from surveyapp.dialogue.admin_services import archive_dialogue, close_dialogue, create_dialogue
from surveyapp.dialogue.models import Dialogue, Pin
from tests.conftest import csrf_token
from tests.surveyapp.dialogue_admin import TODAY, add_pin, make_areas, valid_values

MAP = "/karta/parken-2026"
IN_CENTRUM = {"lat": "57.64", "lng": "14.67"}
CUSTOM = "morker; sv: Mörker; en: Darkness\nbuller; sv: Buller; en: Noise"


def _create(app, **changes):
    make_areas(app)
    with app.app_context():
        create_dialogue(valid_values(**changes), None)
        db.session.commit()


def _pins(app):
    with app.app_context():
        return [(p.category, p.status, p.comment) for p in db.session.scalars(select(Pin))]


def _token(client) -> str:
    """The CSRF token from the map page's meta tag (a closed map has no form)."""
    page = client.get(MAP).get_data(as_text=True)
    return re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)


def _post_pin(client, **fields):
    data = {"csrf_token": _token(client), "category": "belysning", **IN_CENTRUM, **fields}
    return client.post(f"{MAP}/pins?lang=en", data=data)


def test_title_intro_and_custom_categories_in_the_residents_language(app, client):
    _create(app, category_source="custom", custom_categories=CUSTOM,
            intro_en="Mark places in the park.")
    english = client.get(MAP + "?lang=en").get_data(as_text=True)
    assert "<h1>Safety in the park</h1>" in english and "Mark places in the park." in english
    assert 'value="morker">Darkness' in english and 'value="belysning"' not in english
    swedish = client.get(MAP + "?lang=sv").get_data(as_text=True)
    assert "<h1>Trygghet i parken</h1>" in swedish and 'value="morker">Mörker' in swedish
    arabic = client.get(MAP + "?lang=ar").get_data(as_text=True)
    assert "<h1>Trygghet i parken</h1>" in arabic, "no Arabic title: the Swedish one"
    assert _post_pin(client).status_code == 422, "a bundled category is not on this map"
    assert _post_pin(client, category="buller").status_code == 303
    assert _pins(app) == [("buller", "approved", None)]
    assert client.get(f"{MAP}/pins.json").get_json()["categories"] == ["morker", "buller"]


def test_comments_off_hides_the_field_and_stores_no_comment(app, client):
    _create(app, comments_allowed="0")
    assert 'name="comment"' not in client.get(MAP).get_data(as_text=True)
    assert _post_pin(client, comment="Ring 070-123 45 67").status_code == 303
    assert _pins(app) == [("belysning", "approved", None)]


def test_me_too_off_hides_the_buttons_and_refuses_the_post(app, client):
    _create(app, me_too_shown="0")
    add_pin(app, "parken-2026")
    with app.app_context():
        pin = db.session.scalar(select(Pin))
        pin.comment, pin_id = "Mörk gångväg", pin.id
        db.session.commit()
    page = client.get(MAP + "?lang=en").get_data(as_text=True)
    assert "Mörk gångväg" in page and "/me-too" in page  # the JS needs the URL template
    assert 'data-me-too-shown="0"' in page and 'class="link">Me too' not in page
    response = client.post(f"{MAP}/pins/{pin_id}/me-too",
                           data={"csrf_token": csrf_token(client, MAP)})
    assert response.status_code == 404
    assert client.get(f"{MAP}/pins/{pin_id}.json").get_json()["me_too"] is None
    with app.app_context():
        assert db.session.get(Pin, pin_id).me_too == 0


def test_all_wait_moderation_holds_pins_without_text(app, client):
    _create(app, moderation="all_wait")
    assert _post_pin(client).status_code == 303
    assert _pins(app) == [("belysning", "pending", None)]
    assert client.get(f"{MAP}/pins.json").get_json()["pins"] == []


def test_closed_map_is_read_only_and_shows_its_actions(app, client):
    _create(app)
    add_pin(app, "parken-2026")
    with app.app_context():
        dialogue = db.session.scalar(select(Dialogue))
        pin = db.session.scalar(select(Pin))
        from surveyapp.organisations.models import Organisation

        db.session.add(Action(title="Ny belysning i parken",
                              organisation=Organisation(name="Parkenheten", kind="forvaltning"),
                              status="done", public_feedback="Tio nya lampor.", pins=[pin],
                              updated_on=TODAY))
        close_dialogue(dialogue, TODAY, None)
        db.session.commit()
    page = client.get(MAP + "?lang=en").get_data(as_text=True)
    assert 'id="pin-form"' not in page and "closed for new places" in page
    assert "Ny belysning i parken" in page and "Tio nya lampor." in page and "Done" in page
    assert _post_pin(client).status_code == 422
    assert len(_pins(app)) == 1


def test_open_map_shows_no_actions_section(app, client):
    _create(app)
    assert "What happened to the places" not in client.get(MAP + "?lang=en").get_data(
        as_text=True)


def test_karta_lists_open_and_closed_maps_and_hides_archived(app, client):
    _create(app)
    with app.app_context():
        create_dialogue(valid_values(slug="forra-aret", title_sv="Förra året", title_en="Last year",
                                     opens="2025-01-01", closes="2025-03-01"), None)
        create_dialogue(valid_values(slug="gammal", title_sv="Gammal", title_en="Old"), None)
        create_dialogue(valid_values(slug="snart", title_sv="Snart", title_en="Soon",
                                     opens=(TODAY + timedelta(days=2)).isoformat()), None)
        archive_dialogue(db.session.scalar(select(Dialogue).where(Dialogue.slug == "gammal")),
                         TODAY, None)
        db.session.commit()
    response = client.get("/karta?lang=en")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    open_part, closed_part = page.split("Closed maps")
    assert 'href="/karta/parken-2026">Safety in the park' in open_part
    assert 'href="/karta/forra-aret">Last year' in closed_part
    assert "/karta/gammal" not in page and "/karta/snart" not in page


def test_karta_without_maps_says_so(app, client):
    page = client.get("/karta?lang=en").get_data(as_text=True)
    assert "No dialogue map is open right now." in page


def test_moderators_see_the_dialogues_own_category_label(app, client, log_in):
    _create(app, category_source="custom", custom_categories=CUSTOM)
    assert _post_pin(client, category="morker", comment="Mörk gångväg").status_code == 303
    log_in(client, ["moderator"])
    queue = client.get("/staff/moderation?lang=en").get_data(as_text=True)
    assert "Darkness" in queue and "Mörk gångväg" in queue


def test_staff_start_page_links_coordinators_to_the_dialogue_maps(app, client, log_in):
    log_in(client, ["coordinator"])
    assert 'href="/staff/dialogues"' in client.get("/staff/").get_data(as_text=True)
