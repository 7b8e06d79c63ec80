"""folium maps pointed at the app's own Leaflet, their CSP hashes and the standalone file.

folium's defaults load Leaflet, jQuery, Bootstrap and Font Awesome from CDNs; a map made by
:func:`local_map` loads only the vendored Leaflet (``/vendor/leaflet/...``) and the scripts and
stylesheets passed to it, all from this app. folium writes its map set-up as inline
``<script>`` and ``<style>`` elements: :func:`document_csp` lists their SHA-256 hashes, so the
map document is served with ``script-src 'self' 'sha256-…'`` instead of ``unsafe-inline``.
:func:`standalone_html` inlines every local asset for a file that works without the server (and
without internet, apart from map tiles when any are configured).
"""

from __future__ import annotations

import base64
import hashlib
import mimetypes
import re
from collections.abc import Callable, Sequence
from html import escape
from typing import TYPE_CHECKING, Any

from surveyapp.geo.maps import asset_url

if TYPE_CHECKING:
    import folium

_INLINE = re.compile(r"<(script|style)(\s[^>]*)?>(.*?)</\1>", re.S | re.I)
_SCRIPT_LINK = re.compile(r'<script\s+src="([^"]+)"\s*>\s*</script>', re.I)
_CSS_LINK = re.compile(r'<link\s+rel="stylesheet"\s+href="([^"]+)"\s*/?>', re.I)
# folium forbids zooming the page (user-scalable=no), which WCAG 1.4.4 does not allow
_VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>', re.S)
_CSS_URL = re.compile(r"url\((['\"]?)([^)'\"]+)\1\)")

# Reads a local asset URL (``/vendor/...`` or ``/static/...``) as bytes; None when unknown.
AssetReader = Callable[[str], bytes | None]


def local_map(scripts: Sequence[str] = (), styles: Sequence[str] = (),
              **options: Any) -> folium.Map:
    """A ``folium.Map`` (no tiles unless added) loading only the vendored Leaflet plus
    ``scripts`` and ``styles`` (URLs of this app)."""
    options.setdefault("tiles", None)
    import folium  # here, not at start-up: 0.3 s that only an analyst's map needs

    fmap = folium.Map(**options)
    # Instance lists: folium's add_js_link would otherwise change the class-wide defaults.
    fmap.default_js = [("leaflet", asset_url("leaflet", "leaflet.js")),
                       *((f"app_js_{i}", url) for i, url in enumerate(scripts))]
    fmap.default_css = [("leaflet_css", asset_url("leaflet", "leaflet.css")),
                        *((f"app_css_{i}", url) for i, url in enumerate(styles))]
    return fmap


def render_document(fmap: folium.Map, title: str, language: str, direction: str) -> str:
    """The map as one HTML document with ``lang``, ``dir`` and a ``<title>``."""
    html = _VIEWPORT.sub('<meta name="viewport" content="width=device-width, initial-scale=1">',
                         fmap.get_root().render(), count=1)
    html = html.replace("<html>", f'<html lang="{escape(language)}" dir="{escape(direction)}">',
                        1)
    return html.replace("<head>", f"<head>\n<title>{escape(title)}</title>", 1)


def inline_hashes(html: str) -> dict[str, list[str]]:
    """``{"script": [...], "style": [...]}``: CSP sources (``'sha256-…'``) of every inline
    script and style element in ``html`` (script elements with a ``src`` are not inline)."""
    found: dict[str, list[str]] = {"script": [], "style": []}
    for tag, attributes, body in _INLINE.findall(html):
        if tag.lower() == "script" and "src=" in (attributes or ""):
            continue
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        source = f"'sha256-{digest}'"
        if source not in found[tag.lower()]:
            found[tag.lower()].append(source)
    return found


def document_csp(html: str, base: str, frame_ancestors: str = "'self'") -> str:
    """``base`` (the app's CSP) with the hashes of ``html``'s inline scripts and styles added
    to script-src and style-src, and ``frame-ancestors`` replaced (the app's own pages may
    frame the map document)."""
    hashes = inline_hashes(html)
    directives = []
    for directive in base.split(";"):
        name, *sources = directive.split()
        if name == "script-src":
            sources += hashes["script"]
        elif name == "style-src":
            sources += hashes["style"]
        elif name == "frame-ancestors":
            sources = [frame_ancestors]
        directives.append(" ".join([name, *sources]))
    return "; ".join(directives)


def standalone_html(html: str, read: AssetReader) -> str:
    """``html`` with every local script and stylesheet written into the page, and the images
    those stylesheets use as data URIs: one file that needs no server."""

    def script(match: re.Match[str]) -> str:
        body = read(match.group(1))
        if body is None:
            return match.group(0)
        return "<script>" + body.decode("utf-8").replace("</script", "<\\/script") + "</script>"

    def style(match: re.Match[str]) -> str:
        url = match.group(1)
        body = read(url)
        if body is None:
            return match.group(0)
        folder = url.rsplit("/", 1)[0]

        def data_uri(found: re.Match[str]) -> str:
            target = found.group(2)
            if target.startswith(("data:", "http:", "https:", "#")):
                return found.group(0)
            image = read(f"{folder}/{target}")
            if image is None:
                return found.group(0)
            kind = mimetypes.guess_type(target)[0] or "application/octet-stream"
            return f"url(data:{kind};base64,{base64.b64encode(image).decode()})"

        return "<style>" + _CSS_URL.sub(data_uri, body.decode("utf-8")) + "</style>"

    return _CSS_LINK.sub(style, _SCRIPT_LINK.sub(script, html))
