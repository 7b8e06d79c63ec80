"""What the XLSForm ``settings`` sheet may leave out, worked out the way pyxform would accept it.

pyxform needs no settings sheet: without ``form_id`` the key comes from the file name, without
``version`` from the time of the import, without ``form_title`` from the file name. The author
may give a key and a title on upload instead (:class:`Overrides`); each derived value is a
warning, so the author sees what was chosen.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import PurePath

KEY_LENGTH = 64


@dataclass(frozen=True)
class Overrides:
    """What the uploader says about a file without a settings sheet (all optional)."""

    key: str = ""
    title: str = ""
    language: str = ""  # the language of texts without a ``::language`` suffix


def slug(text: str) -> str:
    """A questionnaire key from a name: ``Trygghet Norrby 2026.xlsx`` → ``trygghet-norrby-2026``;
    ``form`` when nothing of it is Latin letters or digits."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    key = re.sub(r"[^a-z0-9_]+", "-", ascii_text.lower()).strip("-_")
    return key[:KEY_LENGTH].strip("-_") or "form"


def file_stem(source: str) -> str:
    """The file name without folders and extension (``''`` for ``<xlsform>``)."""
    if source.startswith("<"):
        return ""
    return PurePath(source.replace("\\", "/")).stem


def derived_version(now: datetime | None = None) -> str:
    """A version from the time of the import, e.g. ``2026.12.03-0849`` (UTC)."""
    return (now or datetime.now(UTC)).strftime("%Y.%m.%d-%H%M")


def title_from_stem(stem: str) -> str:
    """``trygghet_norrby-2026`` → ``Trygghet norrby 2026``."""
    words = " ".join(re.split(r"[_\-\s]+", stem)).strip()
    return words[:1].upper() + words[1:] if words else ""
