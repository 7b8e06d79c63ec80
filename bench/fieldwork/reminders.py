"""First letters and a reminder round from a sampling frame of ``--rows`` rows.

Fresh SQLite database (WAL) per run. Service level (no HTML): ``make_letters`` (derive every
code, check none exists, insert the invitations) then, after half the codes are used,
``make_reminders`` (derive every code again, look up the invitations, check strata). The first
letters are the baseline the reminder round is compared with, in the same run. Then through the
Flask test client (``--http-rows``): the whole reminder request, upload, parsing and the letters
page with one QR code per letter.
Usage: .venv/bin/python -m bench.fieldwork.reminders [--rows 10000] [--http-rows 1000] [--runs 3]
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import update

from surveyapp import create_app
from surveyapp.auth.models import User
from surveyapp.db import db
from surveyapp.demo import DEMO_AREAS, ensure_questionnaire, square
from surveyapp.geo.models import Area
from surveyapp.invitations.frame import read_frame
from surveyapp.invitations.services import make_letters, make_reminders
from surveyapp.surveys.models import Campaign, Invitation

PASSWORD = "bench password long enough"
HEADER = "löpnummer;område;kön;ålder;namn;adress;postnummer;ort\n"


def _frame(rows: int) -> str:
    ages = ["16-24", "25-44", "45-64", "65-84"]
    return HEADER + "".join(
        f"{n};{DEMO_AREAS[n % 5][0]};{'fm'[n % 2]};{ages[n % 4]};Namn {n};Gatan {n};123 45;Ort\n"
        for n in range(1, rows + 1))


def _app(folder: str):
    url = f"sqlite:///{folder}/bench.db"
    app = create_app({"SECRET_KEY": "bench", "DATABASE_URL": url,
                      "SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False,
                      "SESSION_COOKIE_SECURE": False, "WTF_CSRF_ENABLED": False})
    with app.app_context():
        upgrade(directory=str(Path(__file__).parents[2] / "surveyapp" / "migrations"))
        areas = [Area(code=code, name=name, kind="district", geometry=square(row, column))
                 for code, name, row, column in DEMO_AREAS]
        questionnaire = ensure_questionnaire()
        today = date.today()
        db.session.add(Campaign(slug="bench", name="Bench", year=today.year, mode="invitation",
                                opens=today - timedelta(days=1), closes=today + timedelta(30),
                                questionnaire=questionnaire, languages=["sv"], areas=areas))
        user = User(email="bench@kommun.se", roles=["coordinator"])
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()
    return app


def _parse(app, text: str):
    with app.app_context():
        frame = read_frame(text, [code for code, *_ in DEMO_AREAS], ["f", "m"],
                           ["16-24", "25-44", "45-64", "65-84"])
    assert not frame.problems
    return frame.rows


def service_run(rows: int) -> tuple[float, float]:
    """Seconds for the first letters and for the reminder round of ``rows`` rows."""
    with tempfile.TemporaryDirectory() as folder:
        app = _app(folder)
        frame = _parse(app, _frame(rows))
        with app.test_request_context():
            campaign = db.session.scalar(db.select(Campaign))
            start = time.perf_counter()
            assert len(make_letters(campaign, frame, date.today()).letters) == rows
            db.session.commit()
            first = time.perf_counter() - start
            db.session.execute(update(Invitation).where(Invitation.id % 2 == 0).values(used=True))
            db.session.commit()
            start = time.perf_counter()
            printed = make_reminders(campaign, frame, date.today())
            db.session.commit()
            reminder = time.perf_counter() - start
            assert len(printed.letters) == rows - rows // 2 and not printed.problems
        return first, reminder


def http_run(rows: int) -> tuple[float, int, int]:
    """Seconds for the reminder POST (upload to letters page), letters printed, bytes."""
    with tempfile.TemporaryDirectory() as folder:
        app = _app(folder)
        text = _frame(rows)
        client = app.test_client()
        client.post("/login", data={"email": "bench@kommun.se", "password": PASSWORD})
        data = {"frame": (__import__("io").BytesIO(text.encode()), "frame.csv")}
        assert client.post("/staff/invitations/bench/letters", data=data,
                           content_type="multipart/form-data").status_code == 200
        with app.app_context():
            db.session.execute(update(Invitation).where(Invitation.id % 2 == 0).values(used=True))
            db.session.commit()
        data = {"frame": (__import__("io").BytesIO(text.encode()), "frame.csv")}
        start = time.perf_counter()
        response = client.post("/staff/invitations/bench/reminders", data=data,
                               content_type="multipart/form-data")
        seconds = time.perf_counter() - start
        assert response.status_code == 200, response.status_code
        letters = len(re.findall(r'<article class="letter"', response.get_data(as_text=True)))
        return seconds, letters, len(response.data)


def _spread(values: list[float]) -> str:
    return f"{min(values):.2f} / {statistics.median(values):.2f} / {max(values):.2f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--http-rows", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    firsts, reminders, ratios, posts = [], [], [], []
    for _ in range(args.runs):
        first, reminder = service_run(args.rows)
        firsts.append(first)
        reminders.append(reminder)
        ratios.append(reminder / first)
        seconds, letters, size = http_run(args.http_rows)
        posts.append(seconds)
    print(f"service, {args.rows} rows (min / median / max s):")
    print(f"  first letters (baseline): {_spread(firsts)}")
    print(f"  reminder round:           {_spread(reminders)}")
    print(f"  ratio reminder / first:   {_spread(ratios)}")
    print(f"http reminder POST, {args.http_rows} rows, {letters} letters, {size} bytes: "
          f"{_spread(posts)} s")


if __name__ == "__main__":
    main()
