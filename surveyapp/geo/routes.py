"""Staff pages for areas: the list and the import from GeoPackage, Shapefile (zip) or GeoJSON;
``flask geo import``."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from surveyapp.auth.models import Role
from surveyapp.auth.permissions import role_required
from surveyapp.db import db
from surveyapp.geo import bp
from surveyapp.geo.areafile import DEFAULT_SIMPLIFY_M, AreaOptions
from surveyapp.geo.models import AREA_KINDS
from surveyapp.geo.services import AreaImportError, all_areas, import_areas
from surveyapp.security import allow_upload

UPLOAD_LIMIT = 200 * 1024 * 1024  # SCB's DeSO GeoPackage for the whole country fits


def _page(problems: list[str], status: int = 200) -> tuple[str, int]:
    return render_template("geo/index.html", areas=all_areas(), kinds=AREA_KINDS,
                           problems=problems, form=request.form,
                           default_simplify=DEFAULT_SIMPLIFY_M), status


@bp.get("/")
@role_required(Role.ANALYST)
def index():
    """All areas and the import form."""
    return _page([])


def crs_option(raw: str) -> str | None:
    """``3006`` → ``EPSG:3006``; other text as given; empty → None (the file's own)."""
    text = raw.strip()
    if not text:
        return None
    return f"EPSG:{text}" if text.isdigit() else text


def _options(form) -> AreaOptions:
    raw = (form.get("simplify") or "").strip().replace(",", ".")
    try:
        simplify = float(raw) if raw else DEFAULT_SIMPLIFY_M
    except ValueError:
        simplify = -1.0
    if not 0 <= simplify <= 1000:
        raise AreaImportError([_("The simplification must be a number of metres from 0 to "
                                 "1000.")])
    return AreaOptions(code_column=(form.get("code_column") or "").strip() or None,
                       name_column=(form.get("name_column") or "").strip() or None,
                       parent_column=(form.get("parent_column") or "").strip() or None,
                       crs=crs_option(form.get("crs") or ""), simplify_m=simplify)


@bp.post("/import")
@role_required(Role.ANALYST)
@allow_upload(UPLOAD_LIMIT)
def import_file():
    """Import areas from an uploaded file (all or nothing)."""
    upload = request.files.get("file")
    kind = request.form.get("kind", "district")
    try:
        if upload is None or not upload.filename:
            raise AreaImportError([_("Choose a GeoPackage, zipped Shapefile or GeoJSON file.")])
        result = import_areas(upload.read(), kind, filename=upload.filename,
                              options=_options(request.form))
    except AreaImportError as error:
        return _page(error.problems, 422)
    flash(_("%(created)s areas created, %(updated)s updated.",
            created=len(result.created), updated=len(result.updated)))
    return redirect(url_for("geo.index"))


@bp.cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--kind", type=click.Choice(AREA_KINDS), default="district", show_default=True)
@click.option("--code-column", help="Column with the area code (default: code, kod, deso, …).")
@click.option("--name-column", help="Column with the area name (default: name, namn, …).")
@click.option("--parent-column", help="Column with the code of an existing parent area.")
@click.option("--crs", help="EPSG code when the file names none, e.g. 3006.")
@click.option("--simplify", type=click.FloatRange(0, 1000), default=DEFAULT_SIMPLIFY_M,
              show_default=True, help="Simplification tolerance in metres (0: none).")
def import_command(path: Path, kind: str, code_column: str | None, name_column: str | None,
                   parent_column: str | None, crs: str | None, simplify: float) -> None:
    """Import areas from a GeoPackage, zipped Shapefile or GeoJSON file in any EPSG CRS
    (``flask geo import FILE``)."""
    options = AreaOptions(code_column, name_column, parent_column, crs_option(crs or ""),
                          simplify)
    try:
        with current_app.test_request_context():  # messages in the default UI language
            result = import_areas(path.read_bytes(), kind, filename=path.name, options=options)
    except AreaImportError as error:
        raise click.ClickException("\n".join([f"{path}:"] + error.problems)) from None
    db.session.commit()
    click.echo(f"{len(result.created)} created, {len(result.updated)} updated")
