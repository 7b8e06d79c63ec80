"""Serves (and reads, for standalone files) the vendored map libraries: from
``surveyapp/vendor`` in a built wheel, else from the checkout's ``node_modules`` (installed by
``scripts/setup.sh``)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, send_from_directory
from werkzeug.security import safe_join

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


def read_local_asset(url: str) -> bytes | None:
    """The bytes of an asset this app serves (``/vendor/<package>/<file>`` or
    ``/static/<file>``), for files that must work without the server; None for anything else."""
    path = urlsplit(url).path
    root: str | Path | None = None
    if path.startswith("/vendor/"):
        package, _slash, filename = path.removeprefix("/vendor/").partition("/")
        folder = PACKAGES.get(package)
        if folder is None or not filename.endswith(ALLOWED_SUFFIXES):
            return None
        root = _node_modules() / folder
    elif path.startswith(f"{current_app.static_url_path}/"):
        filename = path.removeprefix(f"{current_app.static_url_path}/")
        root = current_app.static_folder
    if root is None:
        return None
    found = safe_join(str(root), filename)
    if found is None or not Path(found).is_file():
        return None
    return Path(found).read_bytes()
