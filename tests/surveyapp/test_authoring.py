"""Staff questionnaire pages: upload, errors, frozen versions, preview, coverage, download."""

from __future__ import annotations

import copy
import io
import re

import pytest
import yaml

from questionnaires.loader import LIBRARY
from questionnaires.xlsform import import_xlsform
from surveyapp.db import db
from surveyapp.surveys.models import QuestionnaireVersion
from tests.conftest import csrf_token
from tests.questionnaires.data.forms import multilingual_form, municipal_form

BASE = "/staff/questionnaires/"


def upload(client, filename: str, data: bytes):
    # ?lang=en: the interface language stays English for the assertions below
    return client.post(BASE, data={"csrf_token": csrf_token(client, BASE + "?lang=en"),
                                   "file": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


def versions(app) -> list[tuple[str, str]]:
    with app.app_context():
        return sorted((v.key, v.version) for v in db.session.scalars(
            db.select(QuestionnaireVersion)))


def standard_yaml(**changes) -> bytes:
    definition = yaml.safe_load((LIBRARY / "trygghet.yaml").read_text(encoding="utf-8"))
    definition.update(changes)
    return yaml.safe_dump(definition, allow_unicode=True).encode("utf-8")


def test_only_admins_and_analysts_get_in(app, client, log_in):
    assert client.get(BASE).status_code == 302
    log_in(client, ["moderator"])
    assert client.get(BASE).status_code == 403
    other = app.test_client()
    log_in(other, ["analyst"], email="analyst@kommun.se")
    swedish = other.get(BASE + "?lang=sv")
    assert swedish.status_code == 200 and "Ladda upp en enkät" in swedish.get_data(as_text=True)


def test_upload_xlsform_shows_it_and_stores_one_version(app, client, log_in):
    log_in(client, ["admin"])
    response = upload(client, "bostad.xlsx", multilingual_form())
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "stored as a new version" in page and "Trygghet i bostadsområdet" in page
    assert versions(app) == [("bostad", "1")]
    # the same file again reuses the stored version
    again = upload(client, "bostad.xlsx", multilingual_form())
    assert "identical to the stored version" in client.get(again.headers["Location"]).get_data(
        as_text=True)
    assert versions(app) == [("bostad", "1")]


def test_validation_errors_are_listed_and_nothing_is_stored(app, client, log_in):
    log_in(client, ["admin"])
    broken = yaml.safe_load(standard_yaml())
    broken["pages"][0]["questions"][0]["type"] = "slider"
    del broken["title"]["sv"]
    response = upload(client, "trygghet.yaml", yaml.safe_dump(broken).encode())
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "question kon: type &#39;slider&#39; is not one of" in html
    assert "title: the source language &#39;sv&#39; text is missing" in html
    assert versions(app) == []
    long_version = upload(client, "t.yaml", standard_yaml(version="v" * 33))
    assert long_version.status_code == 422
    assert "version: at most 32 characters" in long_version.get_data(as_text=True)
    response = upload(client, "form.xlsx", b"not a workbook")
    assert response.status_code == 422 and "not an .xlsx or .xls workbook" in response.get_data(
        as_text=True)


def test_a_used_version_is_frozen_and_a_new_version_is_compared(app, client, make_campaign, log_in):
    make_campaign("wave-2026")
    log_in(client, ["analyst"])
    changed = yaml.safe_load(standard_yaml())
    changed["pages"][7]["questions"][1]["choices"].append({"code": 5, "label": {"sv": "Annat"}})
    refused = upload(client, "trygghet.yaml", yaml.safe_dump(changed, allow_unicode=True).encode())
    assert refused.status_code == 409
    html = refused.get_data(as_text=True)
    assert "Version 2026.1 of trygghet is already stored" in html
    assert "Campaign wave-2026" in html and "new version" in html
    changed["version"] = "2027.1"
    response = upload(client, "trygghet.yaml", yaml.safe_dump(changed, allow_unicode=True).encode())
    assert response.status_code == 302
    assert versions(app) == [("trygghet", "2026.1"), ("trygghet", "2027.1")]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Comparability with version 2026.1" in page
    boende = re.search(r"<th scope=\"row\">boende</th>\s*<td class=\"status-(\w+)\"", page)
    assert boende.group(1) == "changed_codes"
    assert '<th scope="row">trygg_kvall</th>\n    <td class="status-comparable">' in page
    listing = client.get(BASE).get_data(as_text=True)
    assert "Campaign wave-2026 (frozen)" in listing


@pytest.mark.parametrize(("lang", "direction"), [("ar", "rtl"), ("ti", "ltr"), ("sv", "ltr")])
def test_preview_shows_the_page_in_the_language_with_its_direction(app, client, lang, direction, log_in):
    log_in(client, ["admin"])
    location = upload(client, "bostad.xlsx", multilingual_form()).headers["Location"]
    version_id = int(location.rstrip("/").rsplit("/", 1)[1])
    response = client.get(f"{BASE}{version_id}/preview/3?lang={lang}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'<html lang="{lang}" dir="{direction}">' in html
    expected = {"ar": "كتابة على الجدران", "ti": "ጽሑፍ ኣብ መናድቕ", "sv": "Klotter"}[lang]
    assert expected in html
    assert html.count('name="problem_klotter"') == 3  # one radio per choice, as residents see
    assert "answered(trygg_trapphus)" in html
    assert client.get(f"{BASE}{version_id}/preview/9").status_code == 404


def test_preview_of_a_place_question_lists_the_areas(app, client, make_campaign, log_in):
    make_campaign("areas")
    log_in(client, ["admin"])
    with app.app_context():
        version_id = db.session.scalar(db.select(QuestionnaireVersion.id))
    html = client.get(f"{BASE}{version_id}/preview/1?lang=en").get_data(as_text=True)
    assert '<option value="0682R002">Norrmalm</option>' in html
    assert "Not asked when the invitation letter already tells this" in html


def test_coverage_table_marks_missing_texts_with_words(app, client, log_in):
    log_in(client, ["admin"])
    definition = import_xlsform(municipal_form()).definition
    incomplete = copy.deepcopy(definition)
    del incomplete["pages"][0]["questions"][1]["help"]["en"]
    # versions are immutable and parsed models are cached per process by key and version
    incomplete["version"] = "2025.2-draft"
    location = upload(client, "m.yaml", yaml.safe_dump(incomplete, allow_unicode=True).encode()
                      ).headers["Location"]
    html = client.get(location.rstrip("/") + "/coverage?lang=en").get_data(as_text=True)
    row = re.search(r'<th scope="row"[^>]*>omrade.help</th>(.*?)</tr>', html, re.S).group(1)
    assert re.findall(r'<td class="(\w+)">(\w+)</td>', row) == [("present", "Yes"),
                                                               ("missing", "Missing")]
    assert 'title="Trygghet i Exempelby">title</th>' in html


def test_downloads_round_trip(app, client, log_in):
    log_in(client, ["admin"])
    location = upload(client, "exempelby.xlsx", municipal_form()).headers["Location"]
    xlsx = client.get(location.rstrip("/") + "/download.xlsx")
    assert xlsx.headers["Content-Disposition"] == (
        'attachment; filename="exempelby-2025.2.xlsx"; filename*=UTF-8\'\'exempelby-2025.2.xlsx')
    original = import_xlsform(municipal_form()).definition
    assert import_xlsform(xlsx.data).definition == original
    yml = client.get(location.rstrip("/") + "/download.yaml")
    assert yaml.safe_load(yml.data) == original


def test_flask_questionnaire_commands(app, tmp_path):
    form = tmp_path / "bostad.xlsx"
    form.write_bytes(multilingual_form())
    runner = app.test_cli_runner()
    result = runner.invoke(args=["questionnaire", "validate", str(form)])
    assert result.exit_code == 0 and "ok (bostad 1, 6 variables" in result.output
    result = runner.invoke(args=["questionnaire", "import", str(form)])
    assert result.exit_code == 0 and "stored as a new version" in result.output
    assert versions(app) == [("bostad", "1")]
    out = tmp_path / "out.yaml"
    result = runner.invoke(args=["questionnaire", "export", "bostad", "1", "-o", str(out)])
    assert result.exit_code == 0
    assert yaml.safe_load(out.read_text(encoding="utf-8")) == \
        import_xlsform(multilingual_form()).definition
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"nope")
    result = runner.invoke(args=["questionnaire", "validate", str(broken)])
    assert result.exit_code == 1 and "not an .xlsx or .xls workbook" in result.output
    changed = tmp_path / "changed.yaml"
    definition = import_xlsform(multilingual_form()).definition
    definition["pages"][0]["questions"][0]["required"] = False
    changed.write_text(yaml.safe_dump(definition, allow_unicode=True), encoding="utf-8")
    result = runner.invoke(args=["questionnaire", "import", str(changed)])
    assert result.exit_code == 1
    assert "bostad 1 is stored with other content (used by no campaign)" in result.output
    result = runner.invoke(args=["questionnaire", "export", "nokey", "1", "-o", str(out)])
    assert result.exit_code == 1 and "no stored version 1 of nokey" in result.output
