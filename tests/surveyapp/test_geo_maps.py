"""Map assets are local URLs that the app really serves; the tile layer comes from config."""

from __future__ import annotations

from surveyapp import create_app
from surveyapp.geo.maps import leaflet_assets, tile_settings


def _app(**config):
    return create_app({"TESTING": True, "SECRET_KEY": "x",
                       "SQLALCHEMY_DATABASE_URI": "sqlite://", **config})


def test_every_asset_url_is_local_and_served():
    app = _app()
    with app.test_request_context():
        assets = leaflet_assets(cluster=True, heat=True)
        urls = assets["scripts"] + assets["styles"]
    assert len(assets["scripts"]) == 4 and len(assets["styles"]) == 3
    assert assets["scripts"][-1].startswith("/static/map/l10n.js?v="), "translates Leaflet first"
    client = app.test_client()
    for url in urls:
        assert url.startswith(("/vendor/", "/static/")), url
        response = client.get(url)
        assert response.status_code == 200, url
        response.close()


def test_tiles_come_from_config_and_default_to_none():
    with _app().test_request_context():
        assert tile_settings() == {"url": "", "attribution": ""}
    app = _app(MAP_TILE_URL="https://tile.example/{z}/{x}/{y}.png", MAP_TILE_ATTRIBUTION="© X")
    with app.test_request_context():
        assert tile_settings() == {"url": "https://tile.example/{z}/{x}/{y}.png",
                                   "attribution": "© X"}
