"""Uploading the XLSForms people actually write: refusals in the staff member's language with
nothing stored, and a form without settings sheet stored under the key and title given on the
upload form."""

from __future__ import annotations

import io

from surveyapp.db import db
from surveyapp.surveys.models import QuestionnaireVersion
from tests.conftest import csrf_token
from tests.questionnaires.xlsform_corpus.build import corpus

BASE = "/staff/questionnaires/"
FORMS = {form.name: form for form in corpus()}


def _upload(client, name: str, lang: str, **fields: str):
    form = FORMS[name]
    token = csrf_token(client, f"{BASE}?lang={lang}")
    return client.post(BASE, data={"csrf_token": token, **fields,
                                   "file": (io.BytesIO(form.workbook()), form.file)},
                       content_type="multipart/form-data")


def _stored(app) -> list[QuestionnaireVersion]:
    with app.app_context():
        return list(db.session.scalars(db.select(QuestionnaireVersion)))


def test_a_refusal_names_sheet_row_and_feature_in_swedish_and_stores_nothing(app, client, log_in):
    log_in(client, ["admin"])
    response = _upload(client, "household_repeat", "sv")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert ("bladet survey, rad 3 (member): upprepningar (repeat) stöds inte (ett svar är en "
            "uppsättning svar)") in html
    english = _upload(client, "datetime_incident", "en").get_data(as_text=True)
    assert ("survey sheet, row 2 (when): type &#39;dateTime&#39; is not supported: date and time "
            "in one question is not supported") in english
    assert _stored(app) == []


def test_a_form_without_settings_takes_key_and_title_from_the_upload(app, client, log_in):
    log_in(client, ["admin"])
    refused = _upload(client, "trygghet_kort", "en", key="Not A Key")
    assert refused.status_code == 422 and _stored(app) == []
    response = _upload(client, "trygghet_kort", "sv", key="norrby-kort",
                       title="Trygghet i Norrby", language="sv")
    assert response.status_code == 302
    [version] = _stored(app)
    assert version.key == "norrby-kort" and version.languages == ["sv"]
    assert version.definition["title"] == {"sv": "Trygghet i Norrby"}
    detail = client.get(response.headers["Location"] + "?lang=sv").get_data(as_text=True)
    assert "bladet settings: version saknas; versionen blir" in detail


def test_an_xls_form_with_metadata_is_stored_without_the_metadata(app, client, log_in):
    log_in(client, ["analyst"])
    assert _upload(client, "legacy_aliases", "en").status_code == 302
    assert _upload(client, "kobo_metadata", "en").status_code == 302
    stored = {version.key: version for version in _stored(app)}
    assert set(stored) == {"legacy_walk", "ahomestreet"}
    pages = stored["ahomestreet"].definition["pages"]
    asked = [question["id"] for page in pages for question in page["questions"]]
    assert asked == ["safe_home", "safe_street"]


def test_the_command_line_takes_key_title_and_language(app, tmp_path):
    form = FORMS["trygghet_kort"]
    path = tmp_path / form.file
    path.write_bytes(form.workbook())
    runner = app.test_cli_runner()
    checked = runner.invoke(args=["questionnaire", "validate", str(path)])
    assert checked.exit_code == 0 and "ok (trygghet-kort " in checked.output
    stored = runner.invoke(args=["questionnaire", "import", str(path), "--key", "kort",
                                 "--title", "Kort enkät", "--language", "sv"])
    assert stored.exit_code == 0, stored.output
    [version] = _stored(app)
    assert version.key == "kort" and version.definition["title"] == {"sv": "Kort enkät"}
    refused = runner.invoke(args=["questionnaire", "validate",
                                  str(tmp_path / "missing.xlsx")])
    assert refused.exit_code != 0


def test_the_validators_own_problems_are_translated_too(app, client, log_in):
    from tests.questionnaires.data.forms import with_rows

    log_in(client, ["admin"])
    data = with_rows([["integer", "a", "A", "${b} > 1"], ["integer", "b", "B", ""]],
                     ["type", "name", "label::Svenska (sv)", "relevant"])
    token = csrf_token(client, f"{BASE}?lang=sv")
    response = client.post(BASE, data={"csrf_token": token,
                                       "file": (io.BytesIO(data), "form.xlsx")},
                           content_type="multipart/form-data")
    assert response.status_code == 422
    assert "fråga a: relevant använder b, som ingen tidigare fråga ställer" in \
        response.get_data(as_text=True)
    assert _stored(app) == []
