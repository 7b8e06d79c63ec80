"""Staff pages for questionnaires: list and upload, preview in every language, coverage, download.

Admins and analysts may use them (analysts reuse last year's questionnaire with small changes).
"""

from __future__ import annotations

from flask import Response, abort, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from questionnaires import QuestionnaireError
from questionnaires.coverage import coverage
from questionnaires.input_limits import InputTooComplex
from questionnaires.loader import KEY
from questionnaires.messages import translated
from questionnaires.xlsform import export_xlsform, export_yaml
from questionnaires.xlsform_settings import Overrides
from surveyapp.auth.models import Role
from surveyapp.auth.permissions import role_required
from surveyapp.authoring import bp
from surveyapp.authoring.services import (
    VersionConflict,
    all_versions,
    campaigns_using,
    comparison_with_previous,
    get_version,
    read_upload,
    store,
)
from surveyapp.downloads import send_download
from surveyapp.geo.services import all_areas
from surveyapp.i18n import LANGUAGES, native_name, text_direction
from surveyapp.surveys.models import QuestionnaireVersion
from surveyapp.uploads import refusal_message

ROLES = (Role.ADMIN, Role.ANALYST)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _version(version_id: int) -> QuestionnaireVersion:
    version = get_version(version_id)
    if version is None:
        abort(404)
    return version


def _index(status: int = 200, problems: list[str] | None = None, conflict=None):
    versions = all_versions()
    html = render_template("authoring/index.html", versions=versions,
                           problems=problems or [], conflict=conflict,
                           languages=[(code, native_name(code)) for code in LANGUAGES],
                           typed=request.form if request.method == "POST" else {},
                           used={v.id: campaigns_using(v) for v in versions})
    return html, status


@bp.get("/")
@role_required(*ROLES)
def index():
    """The stored versions and the upload form."""
    return _index()


@bp.post("/")
@role_required(*ROLES)
def upload():
    """Validate an uploaded YAML or XLSForm file and store it as a version."""
    file = request.files.get("file")
    if file is None or not file.filename:
        return _index(422, [_("Choose a YAML or XLSForm (.xlsx or .xls) file.")])
    overrides, problems = _overrides(request.form)
    if problems:
        return _index(422, problems)
    try:
        stored = store(read_upload(file.filename, file.read(), overrides))
    except QuestionnaireError as error:
        return _index(422, [translated(problem, _) for problem in error.problems])
    except InputTooComplex as error:
        return _index(422, [refusal_message(error)])
    except VersionConflict as conflict:
        return _index(409, conflict=conflict)
    session["authoring_upload"] = {"id": stored.version.id, "created": stored.created,
                                   "warnings": [translated(w, _) for w in stored.warnings[:50]]}
    return redirect(url_for("authoring.detail", version_id=stored.version.id))


def _overrides(form) -> tuple[Overrides, list[str]]:
    """The optional key, title and language for an XLSForm without a settings sheet."""
    key = form.get("key", "").strip()
    title = " ".join(form.get("title", "").split())
    language = form.get("language", "").strip()
    problems = []
    if key and not KEY.match(key):
        problems.append(_("The key may hold only lower-case letters a–z, digits, - and _, and "
                          "must start with a letter or digit."))
    if len(key) > 64 or len(title) > 200:
        problems.append(_("The key may be at most 64 characters and the title at most 200."))
    if language and language not in LANGUAGES:
        problems.append(_("Choose one of the listed languages."))
    return Overrides(key=key, title=title, language=language), problems


@bp.get("/<int:version_id>")
@role_required(*ROLES)
def detail(version_id: int):
    """One version: languages, previews, coverage summary, comparability, downloads."""
    version = _version(version_id)
    upload = session.pop("authoring_upload", None)
    if upload and upload.get("id") != version.id:
        upload = None
    previous, items = comparison_with_previous(version)
    return render_template(
        "authoring/detail.html", version=version, questionnaire=version.model(),
        campaigns=campaigns_using(version), table=coverage(version.model()), upload=upload,
        previous=previous, items=items, native_name=native_name)


@bp.get("/<int:version_id>/preview/<int:number>")
@role_required(*ROLES)
def preview(version_id: int, number: int):
    """Page ``number`` exactly as residents see it, in the ``?lang=`` language."""
    version = _version(version_id)
    questionnaire = version.model()
    if not 1 <= number <= len(questionnaire.pages):
        abort(404)
    lang = request.args.get("lang", questionnaire.source_language)
    if lang not in questionnaire.languages:
        lang = questionnaire.source_language
    areas = all_areas(by_name=True)
    return render_template(
        "authoring/preview.html", version=version, questionnaire=questionnaire,
        page=questionnaire.pages[number - 1], position=number, total=len(questionnaire.pages),
        lang=lang, areas=areas, html_lang=lang, html_dir=text_direction(lang),
        native_name=native_name)


@bp.get("/<int:version_id>/coverage")
@role_required(*ROLES)
def translation_coverage(version_id: int):
    """Which texts are missing in which language."""
    version = _version(version_id)
    return render_template("authoring/coverage.html", version=version,
                           table=coverage(version.model()), native_name=native_name)


@bp.get("/<int:version_id>/download.<any(xlsx, yaml):kind>")
@role_required(*ROLES)
def download(version_id: int, kind: str) -> Response:
    """The version as an XLSForm workbook or as a YAML file."""
    version = _version(version_id)
    name = f"{version.key}-{version.version}.{kind}"
    if kind == "xlsx":
        body, mimetype = export_xlsform(version.definition), XLSX
    else:
        body, mimetype = export_yaml(version.definition).encode("utf-8"), "application/yaml"
    return send_download(body, mimetype, name)
