"""Fingerprinted asset URLs, cached for a year as ``immutable``.

``url_for("static", filename="app.css")`` (and ``vendor.asset`` URLs of the npm map libraries)
get ``?v=<digest of the file>``: a browser keeps the file for a year without asking again, and a
new release changes the URL. A request whose ``v`` is not the current digest (a page cached
before a release) still gets the current file, but with the ordinary revalidating cache.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from flask import Flask, Response, current_app, request

ONE_YEAR = 365 * 24 * 3600
_ENDPOINTS = ("static", "vendor.asset")
_DIGESTS: dict[tuple[Path, int, int], str] = {}


def init_static_assets(app: Flask) -> None:
    """Add the fingerprint to asset URLs and the long cache to fingerprinted answers."""
    app.url_defaults(_add_fingerprint)
    app.after_request(_cache_fingerprinted)


def asset_file(endpoint: str | None, values: dict[str, Any]) -> Path | None:
    """The file an asset endpoint with these URL values serves, when it exists."""
    root: Path | None
    if endpoint == "static" and current_app.static_folder:
        root, name = Path(current_app.static_folder), values.get("filename")
    elif endpoint == "vendor.asset":
        from surveyapp.geo.assets import package_folder

        root, name = package_folder(values.get("package", "")), values.get("filename")
    else:
        return None
    if root is None or not name:
        return None
    path = (root / str(name)).resolve()
    if not path.is_relative_to(root.resolve()) or not path.is_file():
        return None
    return path


def fingerprint(path: Path) -> str:
    """A short digest of the file's content (recomputed when its size or time changes)."""
    stat = path.stat()
    key = (path, stat.st_mtime_ns, stat.st_size)
    digest = _DIGESTS.get(key)
    if digest is None:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        _DIGESTS[key] = digest
    return digest


def _add_fingerprint(endpoint: str | None, values: dict[str, Any]) -> None:
    if endpoint not in _ENDPOINTS or "v" in values:
        return
    path = asset_file(endpoint, values)
    if path is not None:
        values["v"] = fingerprint(path)


def _cache_fingerprinted(response: Response) -> Response:
    if request.endpoint not in _ENDPOINTS or response.status_code != 200:
        return response
    wanted = request.args.get("v")
    path = asset_file(request.endpoint, dict(request.view_args or {}))
    if wanted and path is not None and wanted == fingerprint(path):
        cache = response.cache_control
        cache.no_cache = None
        cache.public = True
        cache.max_age = ONE_YEAR
        cache.immutable = True
    return response
