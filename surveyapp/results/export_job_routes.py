"""Analyst pages of the background exports: ask for one, watch it, fetch its file."""

from __future__ import annotations

from flask import Response, abort, redirect, render_template, url_for
from flask_babel import get_locale
from flask_login import current_user

from surveyapp.auth.models import Role
from surveyapp.auth.permissions import has_any_role, role_required
from surveyapp.db import db
from surveyapp.downloads import send_download
from surveyapp.results import bp, export_jobs
from surveyapp.results.export_job_model import ExportJob, ExportStatus
from surveyapp.results.export_jobs import XLSX_TYPE
from surveyapp.results.services import find_campaign
from surveyapp.surveys.models import Campaign

export_jobs.register(bp)


def _job(job_id: int) -> ExportJob:
    """The job, if the current user asked for it (admins see every job); else 404."""
    job = db.session.get(ExportJob, job_id)
    if job is None or (job.created_by != current_user.id
                       and not has_any_role(current_user, (Role.ADMIN,))):
        abort(404)
    return job


@bp.post("/<slug>/export/tables.xlsx/job")
@role_required(Role.ANALYST)
def queue_export(slug: str) -> Response:
    """Queue the tables workbook; its thread starts once this request has committed."""
    campaign = find_campaign(slug)
    if campaign is None:
        abort(404)
    job = ExportJob(campaign_id=campaign.id, kind="tables.xlsx", created_by=current_user.id,
                    language=str(get_locale() or "sv"))
    db.session.add(job)
    db.session.flush()
    export_jobs.start_after_commit(job.id)
    return redirect(url_for("results.export_job", job_id=job.id), 303)  # type: ignore[return-value]


@bp.get("/exports/<int:job_id>")
@role_required(Role.ANALYST)
def export_job(job_id: int) -> str:
    """Progress while running (the page reloads itself), then the download or the reason."""
    job = _job(job_id)
    campaign = db.session.get(Campaign, job.campaign_id)
    return render_template("results/export_job.html", job=job, campaign=campaign)


@bp.post("/exports/<int:job_id>/cancel")
@role_required(Role.ANALYST)
def cancel_export(job_id: int) -> Response:
    """Cancel the job (it stops at its next step and keeps no file)."""
    export_jobs.cancel(_job(job_id))
    return redirect(url_for("results.export_job", job_id=job_id), 303)  # type: ignore[return-value]


@bp.get("/exports/<int:job_id>/file")
@role_required(Role.ANALYST)
def export_file(job_id: int) -> Response:
    """The finished file, once: it is deleted as it is sent (ask again for a fresh one)."""
    job = _job(job_id)
    if job.status != ExportStatus.DONE or job.data is None:
        abort(404)
    campaign = db.session.get(Campaign, job.campaign_id)
    body, name = job.data, f"{campaign.slug if campaign else 'export'}-{job.kind}"
    job.data = None
    return send_download(body, XLSX_TYPE, name)
