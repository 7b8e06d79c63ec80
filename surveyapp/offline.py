"""The service worker of the pages residents use outdoors (``static/service_worker.js``).

A service worker controls the pages under the path it is served from, so each area serves the
same script under its own path: ``/vandring/sw.js`` (walks) and ``/karta/sw.js`` (dialogue
maps). The pages name the worker's cache (``OFFLINE_CACHE``) to put themselves in it.
"""

from __future__ import annotations

from pathlib import Path

from flask import Response, current_app

OFFLINE_CACHE = "surveyapp-offline-v1"
"""The cache name in ``static/service_worker.js`` (change both together)."""


def worker_script() -> Response:
    """The worker's script, revalidated on every load so a new version takes over soon."""
    path = Path(current_app.static_folder or "") / "service_worker.js"
    response = Response(path.read_text(encoding="utf-8"), mimetype="text/javascript")
    response.cache_control.no_cache = True
    return response
