"""Photos with walk observations (EXIF and GPS gone, resized, limits with clear errors, staff
only, deleted with the observation, by retention and by erasure) and the phone's entry key
(an observation sent twice is saved once)."""

from __future__ import annotations

import io
import os
from datetime import timedelta

import pytest
from PIL import Image
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from surveyapp.auth.models import utcnow
from surveyapp.db import db
from surveyapp.photos import LONGEST_SIDE, MAX_UPLOAD_BYTES, PhotoRefused, clean_photo
from surveyapp.retention import erase_text, purge
from surveyapp.walks.models import Observation, ObservationPhoto
from tests.conftest import csrf_token
from tests.surveyapp.test_walks_routes import OBSERVATION, create_walk, join, token

GPS_IFD = 0x8825
MAKE, MODEL, DATETIME_ORIGINAL = 0x010F, 0x0110, 0x9003


def phone_photo(width: int = 4000, height: int = 3000, fmt: str = "JPEG",
                orientation: int | None = None, noise: bool = False) -> bytes:
    """A picture as a phone writes it: EXIF with make, model, time and a GPS position
    (``noise``: random pixels, so the file is as large as a real photo's)."""
    if noise:
        picture = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    else:
        picture = Image.new("RGB", (width, height), (200, 40, 40))
    picture.paste((20, 20, 220), (0, 0, width // 2, height // 4))  # a blue corner: top left
    exif = Image.Exif()
    exif[MAKE] = "Fairphone"
    exif[MODEL] = "FP5 serial 12345"
    exif[DATETIME_ORIGINAL] = "2026:11:20 18:42:07"
    exif[GPS_IFD] = {1: "N", 2: (57.0, 38.0, 24.36), 3: "E", 4: (14.0, 40.0, 16.32)}
    if orientation:
        exif[0x0112] = orientation
    out = io.BytesIO()
    picture.save(out, format=fmt, exif=exif.tobytes())
    return out.getvalue()


def test_a_phone_photo_loses_every_metadata_field_and_is_made_smaller():
    raw = phone_photo()
    assert Image.open(io.BytesIO(raw)).getexif().get_ifd(GPS_IFD), "the fixture has GPS"
    clean = clean_photo(io.BytesIO(raw))
    stored = Image.open(io.BytesIO(clean.data))
    assert stored.format == "JPEG"
    assert dict(stored.getexif()) == {}
    assert "exif" not in stored.info and "xmp" not in stored.info
    assert b"Fairphone" not in clean.data and b"Exif" not in clean.data
    assert (stored.width, stored.height) == (clean.width, clean.height) == (LONGEST_SIDE, 1200)


def test_a_photo_taken_sideways_is_stored_upright():
    # orientation 6: the camera was turned; the viewer must rotate 90° clockwise
    clean = clean_photo(io.BytesIO(phone_photo(800, 600, orientation=6)))
    stored = Image.open(io.BytesIO(clean.data)).convert("RGB")
    assert (stored.width, stored.height) == (600, 800)
    # the blue top-left corner is now at the top right
    assert stored.getpixel((590, 10))[2] > 150 and stored.getpixel((10, 10))[2] < 100


@pytest.mark.parametrize("body, reason", [
    (b"", "Fotofilen är tom"),
    (b"%PDF-1.4 not a photo", "inte ett foto"),
    (b"GIF89a" + b"\0" * 64, "inte ett foto"),
])
def test_files_that_are_not_photos_are_refused_with_a_reason(app, body, reason):
    with app.test_request_context(), pytest.raises(PhotoRefused) as refused:
        clean_photo(io.BytesIO(body))
    assert reason in refused.value.message


def test_a_gif_a_too_large_file_and_a_pixel_bomb_are_refused(app):
    gif = io.BytesIO()
    Image.new("RGB", (10, 10)).save(gif, format="GIF")
    bomb = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(bomb, format="PNG")  # 100 Mpixel in a small file
    assert len(bomb.getvalue()) < MAX_UPLOAD_BYTES
    with app.test_request_context():
        with pytest.raises(PhotoRefused, match="Skicka fotot som JPEG"):
            clean_photo(io.BytesIO(gif.getvalue()))
        with pytest.raises(PhotoRefused, match="för stort"):
            clean_photo(io.BytesIO(b"\xff\xd8" + b"\0" * MAX_UPLOAD_BYTES))
        with pytest.raises(PhotoRefused, match="för många pixlar"):
            clean_photo(io.BytesIO(bomb.getvalue()))


def _participant(app, log_in):
    leader = log_in(app.test_client(), ["walk_leader"])
    walk_id, code = create_walk(app, leader)
    participant = app.test_client()
    join(participant, code)
    return leader, walk_id, participant


def _post(client, photo: bytes | None = None, headers=None, **fields):
    html = client.get("/vandring/observera").text
    data = {"csrf_token": token(html), **OBSERVATION, **fields}
    if photo is not None:
        data["photo"] = FileStorage(io.BytesIO(photo), "IMG_2041.jpg", content_type="image/jpeg")
    # encoded in memory: the test client would spool a large body to a temporary file that
    # nothing closes after a 413
    boundary, body = encode_multipart(MultiDict(data))
    return client.post("/vandring/observera", data=body, headers=headers or {},
                       content_type=f"multipart/form-data; boundary={boundary}")


def _photos(app) -> list[ObservationPhoto]:
    with app.app_context():
        return list(db.session.scalars(select(ObservationPhoto)))


def test_a_participant_sends_a_photo_and_only_staff_see_it(app, log_in):
    leader, walk_id, participant = _participant(app, log_in)
    big = phone_photo(2400, 1600, noise=True)
    assert len(big) > 1024 * 1024, "larger than the app's usual 1 MB form limit"
    response = _post(participant, big)
    assert response.status_code == 303, response.text
    [photo] = _photos(app)
    assert Image.open(io.BytesIO(photo.data)).getexif() == {}
    assert b"Fairphone" not in photo.data
    page = leader.get(f"/staff/walks/{walk_id}").text
    url = f"/staff/walks/{walk_id}/photos/{photo.id}.jpg"
    assert url in page and 'alt="Foto till observation 1"' in page
    served = leader.get(url)
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    assert served.data == photo.data and "no-store" in served.headers["Cache-Control"]
    assert participant.get(url).status_code == 302, "a participant is sent to the login page"
    assert app.test_client().get(url).status_code == 302
    other = log_in(app.test_client(), ["walk_leader"], email="annan@kommun.se")
    assert other.get(url).status_code == 404, "another leader's walk: not even that it exists"
    assert "photos/" not in participant.get("/vandring/observera").text


def test_a_refused_photo_keeps_everything_typed_and_stores_nothing(app, log_in):
    _, _, participant = _participant(app, log_in)
    response = _post(participant, b"not a picture at all", description="Trasig lampa vid bron")
    assert response.status_code == 422
    assert "Filen är inte ett foto" in response.text
    assert "Trasig lampa vid bron" in response.text and 'aria-invalid="true"' in response.text
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Observation)) == 0
    # a good photo with an answer that needs fixing: asked for again, nothing stored
    again = _post(participant, phone_photo(400, 300), description="")
    assert again.status_code == 422 and "Välj fotot igen" in again.text
    assert _photos(app) == []


def test_a_photo_above_the_upload_limit_gets_the_too_much_data_page(app, log_in):
    _, _, participant = _participant(app, log_in)
    response = _post(participant, b"\xff\xd8" + b"\0" * (MAX_UPLOAD_BYTES + 512 * 1024))
    assert response.status_code == 413
    assert _photos(app) == []


def test_the_same_entry_sent_twice_is_saved_once(app, log_in):
    _, _, participant = _participant(app, log_in)
    key = "k" * 24
    wants_json = {"Accept": "application/json"}
    first = _post(participant, phone_photo(400, 300), headers=wants_json, entry_key=key)
    second = _post(participant, phone_photo(400, 300), headers=wants_json, entry_key=key)
    other = _post(participant, headers=wants_json, entry_key="m" * 24)
    assert (first.status_code, second.status_code, other.status_code) == (201, 201, 201)
    assert first.json == second.json == {"number": 1} and other.json == {"number": 2}
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Observation)) == 2
    assert len(_photos(app)) == 1
    own = participant.get("/vandring/observera").text
    assert own.count("Mörk gångtunnel") == 2, "each of the two listed once"


def test_json_answers_name_the_errors_and_a_closed_walk(app, log_in):
    leader, walk_id, participant = _participant(app, log_in)
    wants_json = {"Accept": "application/json"}
    refused = _post(participant, headers=wants_json, category="", entry_key="a" * 20)
    assert refused.status_code == 422 and set(refused.json["errors"]) == {"category"}
    page = leader.get(f"/staff/walks/{walk_id}").text
    leader.post(f"/staff/walks/{walk_id}/close", data={"csrf_token": token(page)})
    closed = _post(participant, headers=wants_json, entry_key="b" * 20)
    assert closed.status_code == 409 and "error" in closed.json
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Observation)) == 0


def test_a_leader_deletes_a_photo_and_the_observation_stays(app, log_in):
    leader, walk_id, participant = _participant(app, log_in)
    _post(participant, phone_photo(400, 300))
    [photo] = _photos(app)
    page = leader.get(f"/staff/walks/{walk_id}").text
    viewer = log_in(app.test_client(), ["analyst"])
    delete = f"/staff/walks/{walk_id}/photos/{photo.id}/delete"
    assert viewer.post(delete, data={"csrf_token": csrf_token(viewer, "/staff/password")}
                       ).status_code == 403
    assert leader.post(delete).status_code == 400, "no CSRF token"
    assert leader.post(delete, data={"csrf_token": token(page)}).status_code == 302
    assert _photos(app) == []
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Observation)) == 1


def test_photos_go_with_their_observation_with_erasure_and_after_retention(app, log_in):
    _, _, participant = _participant(app, log_in)
    _post(participant, phone_photo(400, 300), description="Jag, Kalle Svensson, ramlade här")
    _post(participant, phone_photo(400, 300), description="Mörk trappa")
    _post(participant, phone_photo(400, 300), description="Klotter på muren")
    with app.app_context():
        assert erase_text("Kalle Svensson") == 1
        db.session.commit()
        left = {p.observation.description: p for p in db.session.scalars(select(ObservationPhoto))}
        assert set(left) == {"Mörk trappa", "Klotter på muren"}
        left["Mörk trappa"].created_at = utcnow() - timedelta(days=366)
        db.session.commit()
        assert purge()["observation_photo"] == 1
        db.session.commit()
        [kept] = db.session.scalars(select(ObservationPhoto))
        assert kept.observation.description == "Klotter på muren"
        db.session.delete(kept.observation)
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(ObservationPhoto)) == 0
        assert db.session.scalar(select(func.count()).select_from(Observation)) == 2


def test_the_second_of_two_copies_arriving_together_gets_the_first(app, log_in):
    """The race the entry key's unique index decides: the check before the insert found
    nothing (both copies were in flight), the insert is refused, the stored row is returned."""
    from surveyapp.entry_keys import add_once
    from surveyapp.walks.models import Walk

    _, walk_id, participant = _participant(app, log_in)
    _post(participant, entry_key="z" * 24, description="Den första")
    with app.app_context():
        walk = db.session.get(Walk, walk_id)
        late = Observation(walk_id=walk.id, category="belysning", description="Kopian",
                           severity=2, client_key="z" * 24)
        got = add_once(late, Observation.walk_id, walk.id)
        assert got is not late and got.description == "Den första"
        assert db.session.scalar(select(func.count()).select_from(Observation)) == 1
        with pytest.raises(Exception, match="(?i)unique|duplicate"):  # another key: a real error
            add_once(Observation(walk_id=walk.id, number=got.number, category="belysning",
                                 description="Samma nummer", severity=2,
                                 client_key="y" * 24), Observation.walk_id, walk.id)
