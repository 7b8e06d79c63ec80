"""Every imported test XLSForm runs as a campaign: residents answer it and the answers are stored."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from surveyapp.authoring.services import read_upload, store
from surveyapp.db import db
from surveyapp.demo import DEMO_AREAS, square
from surveyapp.geo.models import Area
from surveyapp.surveys.models import Campaign, Response
from tests.questionnaires.data.forms import kobo_form, multilingual_form, municipal_form
from tests.surveyapp.respondent import answer_all, start_open

CASES = {
    "municipal": (municipal_form, "en", {
        "kon": "f", "omrade": "0682R002", "trygg_kvall": "3", "orsaker": ["morker", "annat"],
        "orsak_annat": "Mörka gångvägar", "antal_orsaker_bra": "4", "forbattra": "Lampor",
        "kontakt": "2"},
     {"kon": "f", "omrade": {"area": "0682R002"}, "trygg_kvall": 3,
      "orsaker": ["morker", "annat"], "orsak_annat": "Mörka gångvägar", "antal_orsaker_bra": 4,
      "forbattra": "Lampor", "kontakt": 2}),
    "multilingual": (multilingual_form, "ar", {
        "omrade": "0682R001", "trygg_trapphus": "1", "problem_belysning": "2",
        "problem_klotter": "2", "handelse": ["inget"], "anmalt": "1"},
     {"omrade": {"area": "0682R001"}, "trygg_trapphus": 1, "problem_belysning": 2,
      "problem_klotter": 2, "handelse": ["inget"]}),
    "kobo": (kobo_form, "en", {"agree_safe": "neutral", "years": "12", "comment": "ok"},
             {"agree_safe": "neutral", "years": 12, "comment": "ok"}),
}


def _campaign(app, form) -> str:
    with app.app_context():
        version = store(read_upload("form.xlsx", form())).version
        areas = []
        for code, name, row, column in DEMO_AREAS:
            area = db.session.scalar(sa.select(Area).where(Area.code == code))
            if area is None:
                area = Area(code=code, name=name, kind="district", geometry=square(row, column))
                db.session.add(area)
            areas.append(area)
        today = date.today()
        slug = f"imported-{version.key}"
        db.session.add(Campaign(slug=slug, name=slug, year=today.year, mode="open",
                                opens=today - timedelta(days=1), closes=today + timedelta(days=9),
                                questionnaire=version, languages=list(version.languages),
                                areas=areas))
        db.session.commit()
        return slug


@pytest.mark.parametrize("case", list(CASES))
def test_imported_form_is_answered_and_stored(app, client, case):
    form, language, plan, expected = CASES[case]
    slug = _campaign(app, form)
    client.get(f"/s/{slug}?lang={language}")
    visited = answer_all(client, start_open(client, slug), plan)
    assert len(visited) >= 3
    with app.app_context():
        [response] = db.session.scalars(sa.select(Response)).all()
        assert response.answers == expected
        assert response.language == language
