"""Photos on dialogue pins (where the dialogue allows them): EXIF gone, the pin waits for a
moderator, public only after approval, gone when the moderator drops the text or rejects,
with erasure and after retention; a dialogue without photos takes none."""

from __future__ import annotations

import io
from datetime import timedelta

from PIL import Image
from sqlalchemy import func, select, update
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from surveyapp.auth.models import utcnow
from surveyapp.db import db
from surveyapp.dialogue.models import Dialogue, PinPhoto
from surveyapp.retention import erase_text, purge
from tests.conftest import csrf_token
from tests.surveyapp.test_dialogue_moderation import decide
from tests.surveyapp.test_dialogue_pins import IN_NORRMALM, MAP, SLUG, make_dialogue, pins
from tests.surveyapp.test_walk_photos import phone_photo


def _allow_photos(app, allowed: bool = True) -> None:
    with app.app_context():
        db.session.execute(update(Dialogue).where(Dialogue.slug == SLUG)
                           .values(photos_allowed=allowed))
        db.session.commit()


def _send(client, photo: bytes, **fields):
    data = {"csrf_token": csrf_token(client, MAP), "category": "belysning", **IN_NORRMALM,
            **fields, "photo": FileStorage(io.BytesIO(photo), "IMG_1.jpg", "image/jpeg")}
    boundary, body = encode_multipart(MultiDict(data))
    return client.post(f"{MAP}/pins", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


def _photos(app) -> list[PinPhoto]:
    with app.app_context():
        return list(db.session.scalars(select(PinPhoto).order_by(PinPhoto.id)))


def test_a_pin_photo_waits_for_the_moderator_and_is_public_after_approval(app, client,
                                                                          log_in):
    make_dialogue(app)
    _allow_photos(app)
    assert 'name="photo"' in client.get(MAP).text
    assert _send(client, phone_photo(3000, 2000)).status_code == 303
    [pin] = pins(app)
    [photo] = _photos(app)
    assert pin.status == "pending", "a photo waits for a moderator, as text does"
    picture = Image.open(io.BytesIO(photo.data))
    assert picture.getexif() == {} and max(picture.size) == 1600
    public_url = f"{MAP}/pins/{pin.id}/photos/{photo.id}.jpg"
    assert client.get(public_url).status_code == 404
    assert client.get(f"{MAP}/pins/{pin.id}.json").status_code == 404

    moderator = log_in(app.test_client(), ["moderator"], "mod@kommun.se")
    queue = moderator.get("/staff/moderation").text
    assert f"/staff/moderation/photos/{photo.id}.jpg" in queue
    assert moderator.get(f"/staff/moderation/photos/{photo.id}.jpg").data == photo.data
    assert client.get(f"/staff/moderation/photos/{photo.id}.jpg").status_code == 302
    assert decide(moderator, pin.id, "approve").status_code == 302

    shown = client.get(public_url)
    assert shown.status_code == 200 and shown.data == photo.data
    assert shown.mimetype == "image/jpeg" and "max-age=300" in shown.headers["Cache-Control"]
    assert client.get(f"{MAP}/pins/{pin.id}.json").json["photos"] == [public_url]
    assert public_url in client.get(MAP).text, "the list without the map links it too"
    assert client.get(f"/karta/annan/pins/{pin.id}/photos/{photo.id}.jpg").status_code == 404


def test_dropping_the_text_or_rejecting_deletes_the_photo(app, client, log_in):
    make_dialogue(app)
    _allow_photos(app)
    _send(client, phone_photo(400, 300), comment="Mörkt här")
    _send(client, phone_photo(400, 300))
    first, second = pins(app)
    moderator = log_in(app.test_client(), ["moderator"], "mod@kommun.se")
    decide(moderator, first.id, "approve_without_text")
    decide(moderator, second.id, "reject", "Bilden visar ett ansikte")
    assert _photos(app) == []
    assert [p.status for p in pins(app)] == ["approved", "rejected"]


def test_a_dialogue_without_photos_takes_none(app, client):
    make_dialogue(app)
    assert 'name="photo"' not in client.get(MAP).text
    assert _send(client, phone_photo(400, 300)).status_code == 303
    assert _photos(app) == [] and pins(app)[0].status == "approved"


def test_a_refused_photo_keeps_what_was_typed_and_stores_nothing(app, client):
    make_dialogue(app)
    _allow_photos(app)
    response = _send(client, b"not a picture", place_description="Tunneln vid stationen")
    assert response.status_code == 422
    assert "Filen är inte ett foto" in response.text and "Tunneln vid stationen" in response.text
    outside = _send(client, phone_photo(400, 300), lat="50.0", lng="10.0")
    assert outside.status_code == 422 and "Välj fotot igen" in outside.text
    assert pins(app) == [] and _photos(app) == []


def test_pin_photos_go_with_erasure_and_after_retention(app, client):
    make_dialogue(app)
    _allow_photos(app)
    _send(client, phone_photo(400, 300), comment="Jag heter Lisa Berg och bor här")
    _send(client, phone_photo(400, 300), comment="Trasig lampa")
    with app.app_context():
        assert erase_text("Lisa Berg") == 1
        db.session.commit()
        [left] = db.session.scalars(select(PinPhoto))
        assert left.pin.comment == "Trasig lampa"
        left.created_at = utcnow() - timedelta(days=400)
        db.session.commit()
        assert purge()["pin_photo"] == 1
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(PinPhoto)) == 0
