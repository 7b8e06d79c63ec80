"""Fingerprinted asset URLs cached for a year, and gzip for text answers."""

from __future__ import annotations

import gzip
import hashlib
import re
from pathlib import Path

from surveyapp import static_assets

STATIC = Path(static_assets.__file__).resolve().parent / "static"
GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def _css_url(html: str) -> str:
    match = re.search(r'href="(/static/app\.css\?v=[0-9a-f]+)"', html)
    assert match, "the stylesheet link carries a fingerprint"
    return match.group(1)


def test_stylesheet_url_names_its_content_and_is_cached_for_a_year(client, make_campaign):
    slug = make_campaign(slug="stil")
    url = _css_url(client.get(f"/s/{slug}").get_data(as_text=True))
    digest = hashlib.sha256((STATIC / "app.css").read_bytes()).hexdigest()[:12]
    assert url.endswith(f"?v={digest}")
    with client.get(url) as answer:
        cache = answer.headers["Cache-Control"]
    assert answer.status_code == 200
    assert "immutable" in cache and "max-age=31536000" in cache and "no-cache" not in cache


def test_an_old_fingerprint_gets_the_file_but_no_year_long_cache(client):
    with client.get("/static/app.css?v=000000000000") as answer:
        assert answer.status_code == 200 and answer.data == (STATIC / "app.css").read_bytes()
        assert "immutable" not in answer.headers.get("Cache-Control", "")


def test_map_library_urls_are_fingerprinted_too(app, client):
    with app.test_request_context():
        from surveyapp.geo.maps import leaflet_assets

        script = leaflet_assets(cluster=False)["scripts"][0]
    assert re.fullmatch(r"/vendor/leaflet/leaflet\.js\?v=[0-9a-f]{12}", script), script
    with client.get(script) as answer:
        assert answer.status_code == 200 and "immutable" in answer.headers["Cache-Control"]


def test_pages_and_files_are_gzipped_when_the_browser_accepts_it(client, make_campaign):
    slug = make_campaign(slug="zip")
    plain = client.get(f"/s/{slug}")
    packed = client.get(f"/s/{slug}", headers=GZIP)
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"] and "Accept-Encoding" in plain.headers["Vary"]
    html = gzip.decompress(packed.data).decode()
    assert html.startswith("<!doctype html>") and f"/s/{slug}/start" in html
    assert len(packed.data) * 2 < len(plain.data), "at least halved"
    css = client.get("/static/app.css", headers=GZIP)
    assert gzip.decompress(css.data) == (STATIC / "app.css").read_bytes()
    assert css.headers["ETag"].endswith('-gzip"'), "another representation, another validator"
    again = client.get("/static/app.css", headers=GZIP)  # from the per-version cache
    assert again.data == css.data
    held = client.get("/static/app.css", headers={**GZIP, "If-None-Match": css.headers["ETag"]})
    assert held.status_code == 304, "the gzipped copy's validator names the file's version"
    held.close()


def test_small_answers_and_a_switched_off_setting_stay_plain(app, client, make_campaign):
    slug = make_campaign(slug="liten")
    assert len((STATIC / "focus.js").read_bytes()) < 512
    with client.get("/static/focus.js", headers=GZIP) as tiny:
        assert "Content-Encoding" not in tiny.headers and tiny.status_code == 200
    app.config["COMPRESS_RESPONSES"] = False
    try:
        assert "Content-Encoding" not in client.get(f"/s/{slug}", headers=GZIP).headers
    finally:
        app.config["COMPRESS_RESPONSES"] = True
