"""Downloads: every file the app hands out is sent through :func:`send_download`.

The ``Content-Disposition`` header is built as RFC 6266 recommends: ``filename*`` carries the
name in UTF-8, percent-encoded as RFC 5987 says (so å or Arabic letters arrive intact and
nothing in the name can end the header field or add a parameter), and ``filename`` carries an
ASCII fallback for old clients with quotes, ``;``, ``\\``, ``/``, control characters and every
other character outside ``A-Z a-z 0-9 . _ -`` replaced. A name built from a questionnaire
version or a campaign slug such as ``"; evil=1\\r\\nX: y`` therefore stays one filename.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import quote

from flask import Response

_UNSAFE_ASCII = re.compile(r"[^A-Za-z0-9._-]+")
# Characters no file name should hold in any encoding: controls, path separators, quotes.
_UNSAFE_ANY = re.compile(r'[\x00-\x1f\x7f-\x9f/\\"\u2028\u2029]+')
FALLBACK = "download"
GEOJSON_TYPE = "application/geo+json"  # RFC 7946 section 12; JSON is UTF-8, no charset


def _clean(filename: str) -> str:
    name = _UNSAFE_ANY.sub("_", filename).strip(" .")
    return name[:150] or FALLBACK


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _UNSAFE_ASCII.sub("_", plain).strip("._-")


def ascii_filename(filename: str) -> str:
    """The ASCII fallback: accents dropped (å → a), anything else unsafe replaced by ``_``;
    the extension is kept."""
    stem, dot, extension = _clean(filename).rpartition(".")
    if not dot:
        stem, extension = extension, ""
    stem, extension = _ascii(stem) or FALLBACK, _ascii(extension)
    return f"{stem}.{extension}" if extension else stem


def content_disposition(filename: str) -> str:
    """``attachment; filename="…"; filename*=UTF-8''…`` for ``filename`` (RFC 6266)."""
    cleaned = _clean(filename)
    return (f'attachment; filename="{ascii_filename(cleaned)}"; '
            f"filename*=UTF-8''{quote(cleaned, safe='')}")


def send_download(body: bytes | str | Iterable[str] | Iterable[bytes], mimetype: str,
             filename: str) -> Response:
    """A response that the browser saves as ``filename``; a ``text/…`` ``mimetype`` gets
    ``; charset=utf-8`` added, once (a ``mimetype`` that already names a charset is sent as
    it is: Werkzeug would add a second one)."""
    if "charset=" in mimetype.lower():
        response = Response(body, content_type=mimetype)
    else:
        response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = content_disposition(filename)
    return response
