"""Local map assets (Leaflet, markercluster, heat) and map settings shared by every map.

Third-party JavaScript comes from npm packages installed by ``scripts/setup.sh`` and is served by
the app itself (``surveyapp.geo.assets``), never from a CDN.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Response, current_app, url_for

from surveyapp.downloads import GEOJSON_TYPE

# package -> folder inside node_modules whose files are served
PACKAGES = {
    "leaflet": "leaflet/dist",
    "leaflet.markercluster": "leaflet.markercluster/dist",
    "leaflet.heat": "leaflet.heat/dist",
}


def asset_url(package: str, filename: str) -> str:
    """URL of a file of a vendored npm package, e.g. ``asset_url("leaflet", "leaflet.js")``."""
    return url_for("vendor.asset", package=package, filename=filename)


def leaflet_assets(cluster: bool = True, heat: bool = False) -> dict[str, list[str]]:
    """The local script and stylesheet URLs a Leaflet map needs, in load order."""
    scripts = [asset_url("leaflet", "leaflet.js")]
    styles = [asset_url("leaflet", "leaflet.css")]
    if cluster:
        scripts.append(asset_url("leaflet.markercluster", "leaflet.markercluster.js"))
        styles += [
            asset_url("leaflet.markercluster", "MarkerCluster.css"),
            asset_url("leaflet.markercluster", "MarkerCluster.Default.css"),
        ]
    if heat:
        scripts.append(asset_url("leaflet.heat", "leaflet-heat.js"))
    # Translates Leaflet's own control titles; must run before any map is made.
    scripts.append(url_for("static", filename="map/l10n.js"))
    return {"scripts": scripts, "styles": styles}


def tile_settings() -> dict[str, str]:
    """The configured tile layer (``MAP_TILE_URL``; empty = no tiles, area outlines only)."""
    return {
        "url": current_app.config["MAP_TILE_URL"],
        "attribution": current_app.config["MAP_TILE_ATTRIBUTION"],
    }


def geojson_response(collection: dict[str, Any]) -> Response:
    """A GeoJSON object for a map, as ``application/geo+json`` (RFC 7946 section 12)."""
    return Response(json.dumps(collection, ensure_ascii=False, separators=(",", ":")),
                    mimetype=GEOJSON_TYPE)
