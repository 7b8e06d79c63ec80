"""Serves the vendored map libraries: from ``surveyapp/vendor`` in a built wheel, else from the
checkout's ``node_modules`` (installed by ``scripts/setup.sh``)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, send_from_directory

from surveyapp.auth.permissions import public
from surveyapp.geo.maps import PACKAGES

bp = Blueprint("vendor", __name__, url_prefix="/vendor")
ALLOWED_SUFFIXES = (".js", ".css", ".png", ".svg")


def _node_modules() -> Path:
    configured = current_app.config["NODE_MODULES"]
    if configured:
        return Path(configured)
    packaged = Path(current_app.root_path) / "vendor"
    return packaged if packaged.is_dir() else Path(current_app.root_path).parent / "node_modules"


def package_folder(package: str) -> Path | None:
    """The folder whose files ``/vendor/<package>/…`` serves, or None for an unknown package."""
    folder = PACKAGES.get(package)
    return None if folder is None else _node_modules() / folder


@bp.get("/<package>/<path:filename>")
@public
def asset(package: str, filename: str):
    """A file of an allowed npm package's dist folder (long cache: versions change the lock)."""
    folder = package_folder(package)
    if folder is None or not filename.endswith(ALLOWED_SUFFIXES):
        abort(404)
    return send_from_directory(folder, filename, max_age=86400)
