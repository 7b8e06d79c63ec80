"""Invitation letters from a sampling frame, and response rates per area."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import sqlalchemy as sa

from surveyapp.auth.models import AuditEvent
from surveyapp.db import db
from surveyapp.invitations.frame import decode, read_frame
from surveyapp.invitations.letters import code_url
from surveyapp.surveys.models import Invitation
from tests.conftest import csrf_token
from tests.surveyapp.respondent import FULL_PLAN, answer_all, start_with_code

FRAME = (
    "löpnummer;omrade;kon;alder;namn;adress;postnummer;ort\n"
    "101;0682R001;f;25-44;Astrid Lindqvist;Storgatan 1;571 30;Nässjö\n"
    "102;0682R001;m;65-84;Bertil Åkesson;Lillgatan 2;571 31;Nässjö\n"
    "103;0682R002;f;16-24;Cecilia Öberg;Parkvägen 3 lgh 1101;571 32;Nässjö\n"
)


def _upload(client, slug, text: str, encoding="utf-8"):
    """Post the frame as a browser would (encoded here: the test client's own encoder leaves a
    temporary file open for bodies over 500 KB)."""
    token = csrf_token(client, f"/staff/invitations/{slug}")
    boundary = "frame-boundary-7MA4YWxk"
    body = (
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n"
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"frame\"; filename=\"frame.csv\"\r\n"
        "Content-Type: text/csv\r\n\r\n"
    ).encode() + text.encode(encoding) + f"\r\n--{boundary}--\r\n".encode()
    return client.post(f"/staff/invitations/{slug}/letters", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


def _all_text_in_database(app) -> str:
    with app.app_context():
        chunks = []
        for table in db.metadata.sorted_tables:
            for row in db.session.execute(sa.select(table)):
                chunks.append(repr(tuple(row)))
        return "\n".join(chunks)


def test_letters_show_codes_once_and_names_are_never_stored(app, make_campaign, log_in):
    slug = make_campaign(mode="invitation")
    client = log_in(app.test_client(), ["admin"], "admin@example.se")
    response = _upload(client, slug, FRAME, encoding="cp1252")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    assert html.count('<article class="letter"') == 3
    for name in ("Astrid Lindqvist", "Bertil Åkesson", "Parkvägen 3 lgh 1101", "571 32 Nässjö"):
        assert name in html
    codes = re.findall(r'<strong class="code">([A-Z0-9-]+)</strong>', html)
    assert len(set(codes)) == 3
    assert html.count('src="data:image/svg+xml') == 3
    assert "Hur trygg känner du dig där du bor?" in html
    assert 'lang="ar" dir="rtl"' in html and "بلغتك" in html
    stored = _all_text_in_database(app)
    for secret in ("Lindqvist", "Åkesson", "Parkvägen", "571 3", *codes):
        assert secret not in stored
    with app.app_context():
        rows = db.session.execute(
            sa.select(Invitation.area_code, Invitation.sex, Invitation.age_group)
            .order_by(Invitation.id)
        ).all()
        assert [tuple(row) for row in rows] == [
            ("0682R001", "f", "25-44"), ("0682R001", "m", "65-84"), ("0682R002", "f", "16-24"),
        ]
        [event] = db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == "letters_printed")
        ).all()
        assert event.email == "admin@example.se" and "3 letters" in event.object
    # The code from a letter works. Its QR address carries the code in the fragment, which is
    # never sent to the server; an old letter's ?code= address is redirected to the bare form.
    with app.test_request_context():
        assert code_url(slug, codes[0]).endswith(f"/s/{slug}#code={codes[0]}")
    resident = app.test_client()
    old = resident.get(f"/s/{slug}?code={codes[0]}")
    assert old.status_code == 303 and old.location.endswith(f"/s/{slug}")
    assert codes[0] not in old.get_data(as_text=True)
    assert start_with_code(resident, slug, codes[0]).status_code == 303


def test_a_wrong_frame_creates_nothing(app, make_campaign, log_in):
    slug = make_campaign(mode="invitation")
    client = log_in(app.test_client(), ["admin"], "admin@example.se")
    bad = FRAME + ("104;9999X999;f;25-44;Doris Dahl;Väg 4;571 30;Nässjö\n"
                   "105;0682R001;q;25-44;;Väg 5;;\n")
    response = _upload(client, slug, bad)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Rad 5" in html and "9999X999" in html and "Rad 6" in html
    assert "Doris" not in html
    missing = _upload(client, slug, "lopnr,namn,adress\n1,A,B\n")
    assert missing.status_code == 422
    assert "Kolumnen area_code saknas" in missing.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Invitation)) == 0


def test_response_rates_per_area(app, make_campaign, log_in):
    slug = make_campaign(mode="both")
    client = log_in(app.test_client(), ["admin"], "admin@example.se")
    html = _upload(client, slug, FRAME).get_data(as_text=True)
    codes = re.findall(r'<strong class="code">([A-Z0-9-]+)</strong>', html)
    resident = app.test_client()
    resume = start_with_code(resident, slug, codes[0]).location
    answer_all(resident, urlparse(resume).path, FULL_PLAN)
    page = client.get(f"/staff/invitations/{slug}").get_data(as_text=True)
    rows = {
        name: cells
        for name, cells in re.findall(r'<th scope="row">([^<]+)</th>\s*((?:<td>[^<]*</td>\s*)+)', page)
    }
    cells = {name: re.findall(r"<td>([^<]*)</td>", value) for name, value in rows.items()}
    with app.app_context():
        from surveyapp.geo.models import Area

        first = db.session.scalar(sa.select(Area.name).where(Area.code == "0682R001"))
    # Swedish pages write Swedish numbers: decimal comma, a no-break space before the %.
    assert cells[first] == ["2", "1", "50,0\u00a0%", "0"]
    assert cells["Alla områden"] == ["3", "1", "33,3\u00a0%", "0"]
    overview = client.get("/staff/invitations/").get_data(as_text=True)
    assert "33,3\u00a0%" in overview
    english = client.get("/staff/invitations/?lang=en").get_data(as_text=True)
    assert "33.3\u00a0%" in english and "33,3" not in english


def test_frame_reader_accepts_english_headers_and_tabs():
    text = "serial\tarea\tsex\tage_group\tname\taddress\nA-1\t0682R001\tf\t25-44\tA B\tC 1\n\n"
    frame = read_frame(text, ["0682R001"], ["f", "m"], ["25-44"])
    assert frame.problems == []
    assert frame.rows[0].strata() == {"area_code": "0682R001", "sex": "f", "age_group": "25-44"}
    assert frame.rows[0].address_lines == ("C 1",)
    assert frame.rows[0].serial == "A-1"
    assert decode("omr\u00e5de".encode("cp1252")) == "område"
    assert decode("\ufeffarea".encode()) == "area"


def test_a_large_frame_may_be_uploaded_but_not_anything_larger(app, make_campaign, log_in):
    slug = make_campaign(mode="invitation")
    client = log_in(app.test_client(), ["admin"], "admin@example.se")
    header = FRAME.splitlines()[0] + ";note\n"
    rows = "".join(f"{n};0682R001;f;25-44;Namn;Gatan 1;571 30;Nässjö;" + "x" * 4000 + "\n"
                   for n in range(300))
    response = _upload(client, slug, header + rows)  # 1.2 MB: above 1 MB for other forms
    assert response.status_code == 200
    assert response.get_data(as_text=True).count('<article class="letter"') == 300
    too_big = header + ("x" * 1000 + "\n") * 11_000  # 11 MB
    assert _upload(client, slug, too_big).status_code == 413
