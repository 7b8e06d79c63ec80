"""Photos residents send (a walk observation, a pin): checked, turned upright, made smaller and
re-encoded.

A phone's photo carries EXIF metadata: where it was taken (GPS), when, the phone's make,
model and serial numbers. Nothing of it is kept: the picture's pixels are decoded and written
again as a new JPEG without any metadata, at most :data:`LONGEST_SIDE` pixels on its longest
side (enough to see a broken lamp, small enough for a cheap phone on a walk).
"""

from __future__ import annotations

import io
import math
import warnings
from dataclasses import dataclass
from datetime import datetime
from typing import IO

from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import DateTime, LargeBinary
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.datastructures import MultiDict

MAX_UPLOAD_BYTES = 12 * 1024 * 1024
"""The largest photo accepted (a 48-megapixel phone photo is about 8–12 MB)."""
MAX_PIXELS = 60_000_000
"""Larger pictures are refused before decoding (a small file can hold a huge picture)."""
LONGEST_SIDE = 1600
QUALITY = 82
FORMATS = {"JPEG", "PNG", "WEBP"}


class PhotoRefused(ValueError):
    """The upload is not a photo this product can keep; ``message`` is translated."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class StoredPhoto:
    """The columns of a stored photo (a mixin of ``ObservationPhoto`` and ``PinPhoto``): the
    re-encoded JPEG, its size in pixels and when it came (for ``RETENTION_PHOTO_DAYS``)."""

    data: Mapped[bytes] = mapped_column(LargeBinary)
    width: Mapped[int]
    height: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(DateTime, index=True)


@dataclass(frozen=True)
class CleanPhoto:
    """A re-encoded JPEG without metadata, and its size in pixels."""

    data: bytes
    width: int
    height: int


def clean_photo(stream: IO[bytes]) -> CleanPhoto:
    """Decode the uploaded photo and write it again as a metadata-free JPEG (upright, at most
    :data:`LONGEST_SIDE` pixels); raises :class:`PhotoRefused` with a translated reason."""
    raw = stream.read(MAX_UPLOAD_BYTES + 1)
    if len(raw) > MAX_UPLOAD_BYTES:
        raise PhotoRefused(_("The photo is too large: at most %(size)s MB.",
                             size=MAX_UPLOAD_BYTES // (1024 * 1024)))
    if not raw:
        raise PhotoRefused(_("The photo file is empty."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            picture = Image.open(io.BytesIO(raw))
            if picture.format not in FORMATS:
                raise PhotoRefused(_("Send the photo as JPEG, PNG or WebP."))
            if picture.width * picture.height > MAX_PIXELS:
                raise PhotoRefused(_("The photo has too many pixels."))
            # a JPEG is decoded at 1/2, 1/4 or 1/8 of its size where that still leaves at
            # least LONGEST_SIDE pixels (libjpeg's scaling: a 12 MP photo decodes ~3× faster)
            shrink = LONGEST_SIDE / max(picture.width, picture.height)
            if shrink < 1:
                picture.draft("RGB", (math.ceil(picture.width * shrink),
                                      math.ceil(picture.height * shrink)))
            picture.load()
    except PhotoRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise PhotoRefused(_("The photo has too many pixels.")) from error
    except UnidentifiedImageError as error:
        raise PhotoRefused(
            _("The file is not a photo we can read. Send a JPEG, PNG or WebP.")) from error
    except (OSError, SyntaxError, ValueError) as error:
        raise PhotoRefused(_("The photo file is damaged. Take the photo again.")) from error
    upright = ImageOps.exif_transpose(picture) or picture
    upright = upright.convert("RGB")
    upright.thumbnail((LONGEST_SIDE, LONGEST_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    # a new image made from the pixels alone: no EXIF, XMP, ICC or other info goes with it
    clean = Image.frombytes("RGB", upright.size, upright.tobytes())
    clean.save(out, format="JPEG", quality=QUALITY, optimize=True)
    return CleanPhoto(out.getvalue(), clean.width, clean.height)


def photo_from(files: MultiDict, errors: dict[str, str], field: str = "photo"
               ) -> CleanPhoto | None:
    """The uploaded photo in ``field`` cleaned, or None when none was chosen. A refusal, or a
    photo sent with answers that need fixing (which the browser cannot send again by itself),
    becomes ``errors[field]``."""
    upload = files.get(field)
    if upload is None or not upload.filename:
        return None
    try:
        photo = clean_photo(upload.stream)
    except PhotoRefused as refusal:
        errors[field] = refusal.message
        return None
    if errors:
        errors[field] = choose_again()
        return None
    return photo


def choose_again() -> str:
    """The message for a photo that was fine but must be chosen again (the form came back)."""
    return _("Choose the photo again when the other answers are fixed.")
