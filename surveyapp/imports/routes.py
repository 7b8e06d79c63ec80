"""Staff pages for importing response files: upload, mapping, status, problems, discard.

Who: analysts and coordinators (admins too). Analysts bring earlier years' and vendors' data in
for analysis; coordinators run the survey year and may receive the vendor's file.
"""

from __future__ import annotations

from datetime import date

from flask import Response, abort, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from questionnaires.spreadsheet_cells import neutralise_row
from surveyapp.auth.audit import record
from surveyapp.auth.models import Role
from surveyapp.auth.permissions import role_required
from surveyapp.csv_dialects import CsvWriter, requested_dialect
from surveyapp.db import db
from surveyapp.downloads import send_download
from surveyapp.imports import bp
from surveyapp.imports.models import ImportJob, ImportStatus
from surveyapp.imports.reader import FileProblem
from surveyapp.imports.runner import in_background, register, run_now, start_after_commit
from surveyapp.imports.services import (
    MappingForm,
    create_job,
    jobs_of,
    mapping_problems,
    mapping_rows,
    read_mapping_form,
    save_mapping,
    target_choices,
)
from surveyapp.prg import see_other
from surveyapp.security import allow_upload
from surveyapp.surveys.models import Campaign
from surveyapp.surveys.services import find_campaign

ROLES = (Role.ANALYST, Role.COORDINATOR)
MAX_UPLOAD_BYTES = 64 * 1024 * 1024
PROBLEMS_SHOWN = 1000

register(bp)


def _language() -> str:
    return str(get_locale() or "sv")


def _campaign(slug: str) -> Campaign:
    campaign = find_campaign(slug)
    if campaign is None:
        abort(404)
    return campaign


def _job(job_id: int) -> tuple[ImportJob, Campaign]:
    job = db.session.get(ImportJob, job_id)
    if job is None:
        abort(404)
    campaign = db.session.get(Campaign, job.campaign_id)
    assert campaign is not None
    return job, campaign


@bp.route("/<slug>/", methods=["GET", "POST"])
@role_required(*ROLES)
@allow_upload(MAX_UPLOAD_BYTES)
def campaign(slug: str) -> tuple[str, int] | WerkzeugResponse:
    """Upload a response file for ``slug``; the campaign's earlier imports."""
    chosen = _campaign(slug)
    problem = None
    if request.method == "POST":
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            problem = _("Choose a file.")
        else:
            try:
                job = create_job(chosen, upload.filename, upload.read(), _language(),
                                 current_user.email)
            except FileProblem as error:
                problem = str(error)
            else:
                return see_other(url_for("imports.mapping", job_id=job.id))
    html = render_template("imports/campaign.html", campaign=chosen, jobs=jobs_of(chosen),
                           problem=problem, max_mb=MAX_UPLOAD_BYTES // (1024 * 1024))
    return html, 422 if problem else 200


@bp.route("/job/<int:job_id>/mapping", methods=["GET", "POST"])
@role_required(*ROLES)
def mapping(job_id: int) -> tuple[str, int] | WerkzeugResponse:
    """Map columns to variables and file values to codes; then start the import."""
    job, chosen = _job(job_id)
    if job.data is None or job.running:
        return see_other(url_for("imports.status", job_id=job.id))
    problems: list[str] = []
    if request.method == "POST":
        read = read_mapping_form(job, chosen, request.form)
        if request.form.get("action") == "start" and not read.problems:
            save_mapping(job, read)
            job.status, job.checked_rows, job.problems, job.message = (
                ImportStatus.QUEUED, 0, [], None)
            record(current_user, "import.start", f"{chosen.slug}: {job.filename}")
            if in_background(job):
                db.session.flush()
                start_after_commit(job.id)
            else:
                run_now(job, date.today())
            return see_other(url_for("imports.status", job_id=job.id))
        if request.form.get("action") != "start" or not read.problems:
            save_mapping(job, read)
            return see_other(url_for("imports.mapping", job_id=job.id))
        problems = read.problems  # shown as posted, not stored
        shown = MappingForm(read.mapping, read.weight, read.value_map)
    else:
        shown = MappingForm(dict(job.mapping), job.weight_column, dict(job.value_map))
    notices = [] if problems else mapping_problems(job, chosen)
    html = render_template("imports/mapping.html", job=job, campaign=chosen, weight=shown.weight,
                           notices=notices,
                           rows=mapping_rows(job, chosen, _language(), shown),
                           targets=target_choices(chosen, _language()), problems=problems)
    return html, 422 if problems else 200


@bp.get("/job/<int:job_id>")
@role_required(*ROLES)
def status(job_id: int) -> str:
    """Progress while running (the page reloads itself), then the outcome and every problem."""
    job, chosen = _job(job_id)
    return render_template("imports/status.html", job=job, campaign=chosen,
                           problems=job.problems[:PROBLEMS_SHOWN])


@bp.get("/job/<int:job_id>/problems.csv")
@role_required(*ROLES)
def problems(job_id: int) -> Response:
    """Every problem of a failed import as CSV (row, column, problem; Excel with Swedish
    settings, ``?format=rfc4180`` for plain RFC 4180)."""
    job, _campaign_of_job = _job(job_id)
    writer = CsvWriter(requested_dialect())
    writer.row([_("Row"), _("Column"), _("Problem")])
    writer.rows(neutralise_row(problem) for problem in job.problems)
    return send_download(writer.take(), "text/csv", f"import-{job.id}.csv")


@bp.post("/job/<int:job_id>/discard")
@role_required(*ROLES)
def discard(job_id: int) -> WerkzeugResponse:
    """Delete an import that is not running (its file with it; imported responses stay)."""
    job, chosen = _job(job_id)
    if not job.running:
        db.session.delete(job)
        db.session.flush()
    return see_other(url_for("imports.campaign", slug=chosen.slug))
