"""Staff pages for areas: the list and the import from GeoJSON; ``flask geo import``."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from surveyapp.auth.models import Role
from surveyapp.auth.permissions import role_required
from surveyapp.db import db
from surveyapp.geo import bp
from surveyapp.geo.models import AREA_KINDS
from surveyapp.geo.services import AreaImportError, all_areas, import_areas


@bp.get("/")
@role_required(Role.ANALYST)
def index():
    """All areas and the import form."""
    return render_template("geo/index.html", areas=all_areas(), kinds=AREA_KINDS, problems=[])


@bp.post("/import")
@role_required(Role.ANALYST)
def import_file():
    """Import areas from an uploaded GeoJSON file (all or nothing)."""
    upload = request.files.get("file")
    kind = request.form.get("kind", "district")
    try:
        if upload is None or not upload.filename:
            raise AreaImportError([_("Choose a GeoJSON file.")])
        result = import_areas(upload.read(), kind)
    except AreaImportError as error:
        html = render_template("geo/index.html", areas=all_areas(), kinds=AREA_KINDS,
                               problems=error.problems)
        return html, 422
    flash(_("%(created)s areas created, %(updated)s updated.",
            created=len(result.created), updated=len(result.updated)))
    return redirect(url_for("geo.index"))


@bp.cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--kind", type=click.Choice(AREA_KINDS), default="district", show_default=True)
def import_command(path: Path, kind: str) -> None:
    """Import areas from a GeoJSON FeatureCollection in WGS84 (``flask geo import FILE``)."""
    try:
        with current_app.test_request_context():  # messages in the default UI language
            result = import_areas(path.read_bytes(), kind)
    except AreaImportError as error:
        raise click.ClickException("\n".join([f"{path}:"] + error.problems)) from None
    db.session.commit()
    click.echo(f"{len(result.created)} created, {len(result.updated)} updated")
