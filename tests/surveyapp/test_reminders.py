"""Reminder rounds: the same frame again prints the first letters' codes for the unused ones."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import sqlalchemy as sa

from surveyapp.auth.models import AuditEvent
from surveyapp.db import db
from surveyapp.invitations.models import LetterRound
from surveyapp.surveys.models import Campaign, Invitation
from surveyapp.surveys.services import find_campaign, invitation_code
from tests.conftest import csrf_token
from tests.surveyapp.respondent import FULL_PLAN, answer_all, start_with_code

HEADER = "löpnummer;omrade;kon;alder;namn;adress;postnummer;ort\n"
ROWS = [
    "7001;0682R001;f;25-44;Astrid Lindqvist;Storgatan 1;571 30;Nässjö\n",
    "7002;0682R001;m;65-84;Bertil Åkesson;Lillgatan 2;571 31;Nässjö\n",
    "7003;0682R002;f;16-24;Cecilia Öberg;Parkvägen 3;571 32;Nässjö\n",
    "7004;0682R003;m;45-64;David Ek;Torget 4;571 33;Nässjö\n",
]
FRAME = HEADER + "".join(ROWS)
LETTER = re.compile(r'<address class="recipient">([^<]+)<br>.*?<strong class="code">([A-Z0-9-]+)'
                    r"</strong>", re.S)


def _upload(client, slug: str, text: str, what: str):
    token = csrf_token(client, f"/staff/invitations/{slug}")
    boundary = "frame-boundary-Q2x9"
    body = (
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n"
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"frame\"; filename=\"f.csv\"\r\n"
        "Content-Type: text/csv\r\n\r\n"
    ).encode() + text.encode() + f"\r\n--{boundary}--\r\n".encode()
    return client.post(f"/staff/invitations/{slug}/{what}", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


def _letters(response) -> dict[str, str]:
    """Addressee → code on a printed page of letters."""
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    return dict(LETTER.findall(response.get_data(as_text=True)))


def _answer(app, slug: str, code: str) -> None:
    resident = app.test_client()
    resume = start_with_code(resident, slug, code).location
    answer_all(resident, urlparse(resume).path, FULL_PLAN)


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_a_reminder_round_prints_exactly_the_unused_codes_with_the_first_letters_codes(
        app, make_campaign, log_in):
    slug = make_campaign(mode="invitation")
    staff = log_in(app.test_client(), ["coordinator"], "samordnare@kommun.se")
    first = _letters(_upload(staff, slug, FRAME, "letters"))
    assert len(first) == 4 and len(set(first.values())) == 4
    _answer(app, slug, first["Bertil Åkesson"])
    _answer(app, slug, first["David Ek"])

    reminder = _upload(staff, slug, FRAME, "reminders")
    reminded = _letters(reminder)
    assert reminded == {name: first[name] for name in ("Astrid Lindqvist", "Cecilia Öberg")}
    assert "En påminnelse" in reminder.get_data(as_text=True)
    # The reminder's code still works on the web; a used one stays used.
    _answer(app, slug, reminded["Cecilia Öberg"])
    again = _letters(_upload(staff, slug, FRAME, "reminders"))
    assert again == {"Astrid Lindqvist": first["Astrid Lindqvist"]}

    with app.app_context():
        rounds = db.session.execute(sa.select(
            LetterRound.number, LetterRound.kind, LetterRound.letters, LetterRound.invited,
            LetterRound.answered).order_by(LetterRound.number)).all()
        assert [tuple(r) for r in rounds] == [
            (1, "letters", 4, 4, 0), (2, "reminder", 2, 4, 2), (3, "reminder", 1, 4, 3)]
        assert _count(Invitation) == 4  # reminders create no invitations
        actions = db.session.scalars(sa.select(AuditEvent.action)).all()
        assert actions.count("reminders_printed") == 2
    page = staff.get(f"/staff/invitations/{slug}").get_data(as_text=True)
    assert "2: påminnelse" in page and "50,0\u00a0%" in page and "3 / 4" in page


def test_the_code_is_reproducible_only_with_the_secret_key(app, make_campaign, log_in):
    slug = make_campaign(mode="invitation")
    staff = log_in(app.test_client(), ["coordinator"])
    first = _letters(_upload(staff, slug, FRAME, "letters"))
    with app.app_context():
        campaign = find_campaign(slug)
        assert invitation_code(campaign, "7001") == first["Astrid Lindqvist"]
        assert invitation_code(campaign, " 7001 ") == first["Astrid Lindqvist"]
        usual = app.config["SECRET_KEY"]
        app.config["SECRET_KEY"] = "another-secret-key-entirely"
        try:
            assert invitation_code(campaign, "7001") != first["Astrid Lindqvist"]
        finally:
            app.config["SECRET_KEY"] = usual
        # Another campaign gets another salt, so the same löpnummer gets another code.
        other = Campaign(slug="annan", name="Annan", year=2026, mode="invitation",
                         opens=campaign.opens, closes=campaign.closes,
                         questionnaire=campaign.questionnaire, languages=["sv"])
        assert invitation_code(other, "7001") != first["Astrid Lindqvist"]


def test_a_frame_without_or_with_a_changed_lopnummer_column_is_refused(
        app, make_campaign, log_in):
    slug = make_campaign(mode="invitation")
    staff = log_in(app.test_client(), ["coordinator"])
    no_serial = FRAME.replace("löpnummer;", "nummer;")
    for what in ("letters", "reminders"):
        refused = _upload(staff, slug, no_serial, what)
        assert refused.status_code == 422
        html = refused.get_data(as_text=True)
        if what == "letters":
            assert "Kolumnen löpnummer saknas" in html
        else:  # no letters printed with löpnummer yet
            assert "inga brev med löpnummer" in html
    _letters(_upload(staff, slug, FRAME, "letters"))

    missing = _upload(staff, slug, no_serial, "reminders")
    assert missing.status_code == 422
    assert "Kolumnen löpnummer saknas" in missing.get_data(as_text=True)
    renumbered = FRAME.replace("\n700", "\n800")
    refused = _upload(staff, slug, renumbered, "reminders")
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert html.count("inget första brev") == 4 and "8003" in html
    assert '<article class="letter"' not in html
    swapped = HEADER + ROWS[1].replace("7002", "7001") + ROWS[0].replace("7001", "7002")
    refused = _upload(staff, slug, swapped, "reminders")
    assert refused.status_code == 422
    assert refused.get_data(as_text=True).count("skiljer sig från dess första brev") == 2
    twice = HEADER + ROWS[0] + ROWS[0]
    refused = _upload(staff, slug, twice, "reminders")
    assert "förekommer mer än en gång" in refused.get_data(as_text=True)
    again = _upload(staff, slug, FRAME, "letters")
    assert again.status_code == 422
    assert again.get_data(as_text=True).count("har redan fått ett brev") == 4
    with app.app_context():
        assert _count(Invitation) == 4
        assert _count(LetterRound) == 1


def test_a_reminder_prints_the_same_code_after_rows_were_added_in_a_second_letters_round(
        app, make_campaign, log_in):
    slug = make_campaign(mode="invitation")
    staff = log_in(app.test_client(), ["coordinator"])
    first = _letters(_upload(staff, slug, HEADER + ROWS[0] + ROWS[1], "letters"))
    added = _letters(_upload(staff, slug, HEADER + ROWS[2] + ROWS[3], "letters"))
    reminded = _letters(_upload(staff, slug, FRAME, "reminders"))
    assert reminded == {**first, **added}
