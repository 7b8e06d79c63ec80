"""Question types are a registry: a type added in one module per layer plus its template is
validated, drawn, read, stored, analysed, exported and mapped to XLSForm with no other change."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa
from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader

from questionnaires import QuestionnaireError, load_definition
from questionnaires import types as question_types
from questionnaires.xlsform_export import definition_to_xlsform
from surveyapp.db import db
from surveyapp.demo import DEMO_AREAS, square
from surveyapp.geo.models import Area
from surveyapp.results.channels import ALL
from surveyapp.results.data import response_frame
from surveyapp.results.exports import codebook
from surveyapp.surveys import widgets
from surveyapp.surveys.models import Campaign, QuestionnaireVersion, Response
from tests.surveyapp.extra_type.rating import Rating
from tests.surveyapp.extra_type.rating_widget import RatingWidget
from tests.surveyapp.respondent import csrf, start_open

TEMPLATES = Path(__file__).parent / "extra_type" / "templates"
DEFINITION = {
    "key": "tiny-rating",
    "version": "1",
    "languages": ["sv", "en"],
    "title": {"sv": "Nöjdhet", "en": "Satisfaction"},
    "pages": [{"id": "p1", "questions": [
        {"id": "nojd", "type": "rating", "required": True,
         "text": {"sv": "Hur nöjd är du med ditt område?", "en": "How satisfied are you?"}},
        {"id": "bott_ar", "type": "number", "min": 0, "max": 99,
         "text": {"sv": "Hur många år har du bott här?", "en": "How many years here?"}},
    ]}],
}


@pytest.fixture
def rating_type(app: Flask) -> Iterator[None]:
    """The ``rating`` type registered in both layers and its template findable, for one test."""
    question_types.register(Rating)
    widgets.register(RatingWidget)
    loader = app.jinja_env.loader
    app.jinja_env.loader = ChoiceLoader([loader, FileSystemLoader(TEMPLATES)])
    try:
        yield
    finally:
        app.jinja_env.loader = loader
        widgets.unregister("rating")
        question_types.unregister("rating")


def test_every_registered_type_has_a_widget_and_a_template(app):
    for name in question_types.type_names():
        question = next(q for q in load_definition(_one_question(name)).questions())
        template = widgets.widget_for(question).template
        assert template == f"surveys/_widgets/{name}.html"
        assert app.jinja_env.get_template(template).module.widget  # the macro exists


def test_the_loader_knows_only_registered_types():
    with pytest.raises(QuestionnaireError, match="type 'rating' is not one of single, multi, "
                                                 "grid, number, text, place, note, decimal"):
        load_definition(DEFINITION)


def test_an_added_type_is_asked_read_stored_and_analysed(app, client, rating_type):
    slug = _campaign(app)
    page = start_open(client, slug)
    html = client.get(page).get_data(as_text=True)
    assert len(re.findall(r'<input type="radio" id="q-nojd-\d+" name="nojd"', html)) == 11
    assert 'name="bott_ar"' in html  # the built-in types on the same page still render

    refused = client.post(page, data={"csrf_token": csrf(html), "action": "next", "nojd": "11",
                                      "bott_ar": "4"})
    assert refused.status_code == 303  # post/redirect/get: the errors ride in the session
    assert 'id="err-nojd"' in client.get(refused.headers["Location"]).get_data(as_text=True)

    done = client.post(page, data={"csrf_token": csrf(html), "action": "next", "nojd": "7",
                                   "bott_ar": "4"})
    assert done.status_code == 303
    with app.app_context():
        [response] = db.session.scalars(sa.select(Response)).all()
        assert response.answers == {"nojd": 7, "bott_ar": 4}
        campaign = db.session.scalar(sa.select(Campaign).where(Campaign.slug == slug))
        frame = response_frame(campaign, channels=ALL)  # an open-link answer
        assert frame["nojd"].tolist() == [7.0]
        extracted = response_frame(campaign, ["nojd"], ALL)  # the database extracts it as a number
        assert extracted["nojd"].tolist() == [7.0]
        model = campaign.questionnaire.model()
    entry = next(e for e in codebook(model, "en") if e["variable"] == "nojd")
    assert entry == {"variable": "nojd", "label": "How satisfied are you?", "type": "number",
                     "values": {}}
    survey = openpyxl.load_workbook(io.BytesIO(definition_to_xlsform(DEFINITION)))["survey"]
    rows = {row[1]: row[0] for row in survey.iter_rows(min_row=2, values_only=True)}
    assert rows["nojd"] == "integer"


def _one_question(type_name: str) -> dict:
    question: dict = {"id": "q", "type": type_name, "text": {"sv": "Fråga"},
                      "rows": [{"id": "r", "text": {"sv": "Rad"}}]}  # only a grid reads rows
    if question_types.question_type(type_name).takes_choices:
        question["choices"] = [{"code": 1, "label": {"sv": "Ja"}}]
    if not question_types.question_type(type_name).asked:
        question["calculation"] = "1 + 1"
    return {"key": "one", "version": "1", "languages": ["sv"], "title": {"sv": "En"},
            "pages": [{"id": "p", "questions": [question]}]}


def _campaign(app: Flask) -> str:
    with app.app_context():
        areas = [Area(code=code, name=name, kind="district", geometry=square(row, column))
                 for code, name, row, column in DEMO_AREAS]
        version = QuestionnaireVersion(key=DEFINITION["key"], version="1", definition=DEFINITION,
                                       languages=DEFINITION["languages"])
        today = date.today()
        db.session.add(Campaign(slug="rating", name="Rating", year=today.year, mode="open",
                                opens=today - timedelta(days=1), closes=today + timedelta(days=9),
                                questionnaire=version, languages=["sv", "en"], areas=areas))
        db.session.commit()
    return "rating"
