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
# (folder, file name) -> (modification time, size, digest)
_DIGESTS: dict[tuple[str, str], tuple[int, int, str]] = {}


def init_static_assets(app: Flask) -> None:
    """Add the fingerprint to asset URLs and the long cache to fingerprinted answers."""
    app.url_defaults(_add_fingerprint)
    app.after_request(_cache_fingerprinted)


def _root_and_name(endpoint: str | None, values: dict[str, Any]) -> tuple[Path, str] | None:
    root: Path | None
    if endpoint == "static" and current_app.static_folder:
        root, name = Path(current_app.static_folder), values.get("filename")
    elif endpoint == "vendor.asset":
        from surveyapp.geo.assets import package_folder

        root, name = package_folder(values.get("package", "")), values.get("filename")
    else:
        return None
    return (root, str(name)) if root is not None and name else None


def asset_digest(endpoint: str | None, values: dict[str, Any]) -> str | None:
    """A short digest of the content of the file an asset endpoint with these URL values
    serves, or None when there is no such file. Found and hashed once per process; in debug
    mode (files edited while the app runs) checked again by size and time on each call."""
    found = _root_and_name(endpoint, values)
    if found is None:
        return None
    root, name = found
    key = (str(root), name)
    known = _DIGESTS.get(key)
    if known is not None and not current_app.debug:
        return known[2]
    path = (root / name).resolve()
    if not path.is_relative_to(root.resolve()) or not path.is_file():
        return None
    stat = path.stat()
    if known is None or known[:2] != (stat.st_mtime_ns, stat.st_size):
        known = (stat.st_mtime_ns, stat.st_size, hashlib.sha256(path.read_bytes()).hexdigest()[:12])
        _DIGESTS[key] = known
    return known[2]


def _add_fingerprint(endpoint: str | None, values: dict[str, Any]) -> None:
    if endpoint not in _ENDPOINTS or "v" in values:
        return
    digest = asset_digest(endpoint, values)
    if digest is not None:
        values["v"] = digest


def _cache_fingerprinted(response: Response) -> Response:
    if request.endpoint not in _ENDPOINTS or response.status_code != 200:
        return response
    wanted = request.args.get("v")
    if wanted and wanted == asset_digest(request.endpoint, dict(request.view_args or {})):
        cache = response.cache_control
        cache.no_cache = None
        cache.public = True
        cache.max_age = ONE_YEAR
        cache.immutable = True
    return response
