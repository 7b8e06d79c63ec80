"""An imported XLSForm with the new features, answered without JavaScript: a note, a cascade
(district → area) on one page, decimal, date and time, a default, a calculation and metadata;
the stored answers, the analysis frame, the codebook and the SPSS file take them."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pyreadstat
import sqlalchemy as sa
from flask import Flask

from questionnaires.xlsform import import_xlsform
from surveyapp.db import db
from surveyapp.results.channels import ALL
from surveyapp.results.data import analysis_variables, response_frame
from surveyapp.results.exports import codebook, sav_bytes
from surveyapp.surveys.models import Campaign, QuestionnaireVersion, Response
from tests.questionnaires.data.forms import workbook
from tests.surveyapp.respondent import csrf, start_open

SURVEY = [
    ["type", "name", "label::Svenska (sv)", "label::English (en)", "required", "choice_filter",
     "constraint", "constraint_message::Svenska (sv)", "constraint_message::English (en)",
     "default", "calculation", "required_message::English (en)"],
    ["start", "started", "", "", "", "", "", "", "", "", "", ""],
    ["begin group", "var", "Var bor du?", "Where do you live?", "", "", "", "", "", "", "", ""],
    ["note", "info", "Svaren är anonyma.", "Answers are anonymous.", "", "", "", "", "", "", "",
     ""],
    ["select_one stadsdel", "stadsdel", "Stadsdel", "District", "yes", "", "", "", "", "", "",
     "Choose your district"],
    ["select_one omrade", "omrade", "Område", "Area", "yes", "stadsdel = ${stadsdel}", "", "",
     "", "", "", ""],
    ["end group", "", "", "", "", "", "", "", "", "", "", ""],
    ["begin group", "mer", "Mer", "More", "", "", "", "", "", "", "", ""],
    ["decimal", "avstand", "Avstånd (km)", "Distance (km)", "", "", ". >= 0 and . <= 50", "", "",
     "", "", ""],
    ["date", "datum", "Datum", "Date", "", "", ". <= today()", "Inte i framtiden",
     "Not in the future", "", "", ""],
    ["time", "klockan", "Klockan", "Time", "", "", "", "", "", "", "", ""],
    ["integer", "hushall", "Hushåll", "Household", "", "", "", "", "", "1", "", ""],
    ["calculate", "dubbel", "", "", "", "", "", "", "", "", "${hushall} * 2", ""],
    ["end group", "", "", "", "", "", "", "", "", "", "", ""],
]
CHOICES = [["list_name", "name", "label::Svenska (sv)", "label::English (en)", "stadsdel"],
           ["stadsdel", "norr", "Norr", "North", ""], ["stadsdel", "soder", "Söder", "South", ""],
           ["omrade", "n1", "Backa", "Backa", "norr"], ["omrade", "n2", "Lunden", "Lunden", "norr"],
           ["omrade", "s1", "Hamnen", "Harbour", "soder"]]
SETTINGS = [["form_title", "form_id", "version", "default_language"],
            ["Nytt", "nytt", "1", "Svenska (sv)"]]


def _campaign(app: Flask) -> str:
    imported = import_xlsform(workbook(SURVEY, CHOICES, SETTINGS))
    assert any("metadata 'start'" in warning for warning in imported.warnings)
    with app.app_context():
        version = QuestionnaireVersion(key="nytt", version="1", definition=imported.definition,
                                       languages=["sv", "en"])
        today = date.today()
        db.session.add(Campaign(slug="nytt", name="Nytt", year=today.year, mode="open",
                                opens=today - timedelta(days=1), closes=today + timedelta(days=9),
                                questionnaire=version, languages=["sv", "en"], areas=[]))
        db.session.commit()
    return "nytt"


def _post(client, page: str, **answers):
    html = client.get(page).get_data(as_text=True)
    response = client.post(page, data={"csrf_token": csrf(html), "action": "next", **answers})
    assert response.status_code == 303
    return response.headers["Location"], client.get(response.headers["Location"]).get_data(
        as_text=True)


def test_an_imported_form_with_the_new_types_is_answered_and_stored(app, client):
    slug = _campaign(app)
    page = start_open(client, slug)
    html = client.get(page + "?lang=en").get_data(as_text=True)
    assert '<p class="note">Answers are anonymous.</p>' in html
    assert 'name="stadsdel"' in html and 'name="omrade"' not in html  # no district yet
    assert 'name="started"' not in html

    location, html = _post(client, page)  # nothing chosen: the form's own required message
    assert location.endswith(page) and "Choose your district" in html

    location, html = _post(client, page, stadsdel="norr")
    assert location.endswith(page)  # the page grew: the areas of the chosen district
    offered = re.findall(r'name="omrade" value="([^"]+)"', html)
    assert offered == ["n1", "n2"]

    location, html = _post(client, page, stadsdel="norr", omrade="s1")  # not offered
    assert location.endswith(page) and 'id="err-omrade"' in html

    second, html = _post(client, page, stadsdel="norr", omrade="n2")
    assert second != page and 'type="date"' in html and 'type="time"' in html
    assert 'name="hushall"' in html and re.search(r'name="hushall"[^>]*value="1"', html)

    future = (date.today() + timedelta(days=3)).isoformat()
    location, html = _post(client, second, avstand="2,5", datum=future, klockan="21.30",
                           hushall="1")
    assert location.endswith(second) and "Not in the future" in html
    location, html = _post(client, second, avstand="99", datum="2026-01-05", klockan="21.30",
                           hushall="1")
    assert "Write a number from 0 to 50." in html

    done, _html = _post(client, second, avstand="2,5", datum="2026-01-05", klockan="21.30",
                        hushall="3")
    assert done.endswith("/thanks")
    with app.app_context():
        [response] = db.session.scalars(sa.select(Response)).all()
        assert response.answers == {"stadsdel": "norr", "omrade": "n2", "avstand": 2.5,
                                    "datum": "2026-01-05", "klockan": "21:30", "hushall": 3,
                                    "dubbel": 6}
        campaign = db.session.scalar(sa.select(Campaign).where(Campaign.slug == slug))
        model = campaign.questionnaire.model()
        frame = response_frame(campaign, channels=ALL)
    columns = [column.name for column in analysis_variables(model)]
    assert columns == ["stadsdel", "omrade", "avstand", "hushall"]  # date, time, calc left out
    assert frame["avstand"].tolist() == [2.5]
    book = {entry["variable"]: entry for entry in codebook(model, "en")}
    assert book["avstand"]["type"] == "number" and "datum" not in book
    sav = sav_bytes(frame[["response_id", *columns]], model)
    path = app.instance_path + "/nytt.sav"
    with open(path, "wb") as file:
        file.write(sav)
    data, meta = pyreadstat.read_sav(path)
    assert data["avstand"].tolist() == [2.5] and data["omrade"].tolist() == ["n2"]
    assert meta.column_names_to_labels["avstand"] == "Avstånd (km)"
