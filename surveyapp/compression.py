"""gzip for text responses (HTML, CSS, JavaScript, JSON, GeoJSON, SVG, CSV) when the browser
accepts it — a question page shrinks about 4×, ``pins.json`` 3–4×: on a slow phone the bytes are
the wait. ``COMPRESS_RESPONSES=0`` leaves it to a reverse proxy (README, "Deploy").

Streamed answers (downloads written as they go), partial content and answers already encoded
are sent as they are. Static files are compressed once per file version and kept in memory.
"""

from __future__ import annotations

import gzip
from collections import OrderedDict

from flask import Flask, Response, current_app, request

MIN_SIZE = 512  # below this gzip's header costs more than it saves
LEVEL = 6
_SUFFIX = "-gzip"  # on the ETag of a gzipped answer
_TYPES = ("text/", "application/json", "application/javascript", "image/svg+xml",
          "application/xml")  # and every "+json" type (GeoJSON)
_STATIC_CACHE: OrderedDict[tuple[str, str], bytes] = OrderedDict()
_STATIC_CACHE_SIZE = 64


def init_compression(app: Flask) -> None:
    """Compress eligible responses after every other ``after_request`` hook has run (Flask
    runs the app's hooks in reverse order of registration: call this first)."""
    app.before_request(_same_version_either_way)
    app.after_request(_compress)


def _same_version_either_way() -> None:
    """A gzipped answer's validator is its ETag + ``-gzip``; a browser sends that back in
    ``If-None-Match``. Read it as the plain ETag, so every view and ``send_file`` answers
    304 for the version the browser holds, whichever encoding it came in."""
    sent = request.environ.get("HTTP_IF_NONE_MATCH")
    if sent and _SUFFIX in sent:
        request.environ["HTTP_IF_NONE_MATCH"] = sent.replace(f'{_SUFFIX}"', '"')


def _compressible(response: Response) -> bool:
    mimetype = response.mimetype or ""
    return mimetype.startswith(_TYPES) or mimetype.endswith("+json")


def _compress(response: Response) -> Response:
    if not current_app.config.get("COMPRESS_RESPONSES", True) or not _compressible(response):
        return response
    response.vary.add("Accept-Encoding")
    if (response.status_code not in (200, 201, 404, 409, 422)
            or (response.is_streamed and not response.direct_passthrough)
            or "Content-Encoding" in response.headers
            or request.method == "HEAD" or not request.accept_encodings["gzip"]):
        return response
    length = response.content_length
    if length is not None and length < MIN_SIZE:
        return response
    etag, weak = response.get_etag()
    static = response.direct_passthrough and etag is not None
    cache_key = (request.path, etag or "")
    body = _STATIC_CACHE.get(cache_key) if static else None
    original = response.response
    if body is None:
        response.direct_passthrough = False  # send_file's file wrapper: read it here
        data = response.get_data()
        if len(data) < MIN_SIZE:
            return response
        body = gzip.compress(data, LEVEL, mtime=0)
        if static:
            _remember(cache_key, body)
    response.set_data(body)
    if hasattr(original, "close"):  # the file send_file opened, read or not
        original.close()
    response.headers["Content-Encoding"] = "gzip"
    if etag is not None:  # another representation, another validator
        response.set_etag(etag + _SUFFIX, bool(weak))
    return response


def _remember(key: tuple[str, str], body: bytes) -> None:
    _STATIC_CACHE[key] = body
    while len(_STATIC_CACHE) > _STATIC_CACHE_SIZE:
        _STATIC_CACHE.popitem(last=False)
