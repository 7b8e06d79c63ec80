"""Invitation codes and resume tokens: derivation, normalisation and hashing.

Codes use an alphabet without look-alike characters (no 0/O, 1/I/L) and are printed in two groups
of five; residents may type them in any case, with or without spaces and dashes.

An invitation code is not random but reproducible: an HMAC, under a key that only the server
can compute, of the sampling-frame row's serial number (*löpnummer*). So a reminder letter
prints the same code as the first letter without the code ever being stored.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


def derive_code(key: bytes, serial: str) -> str:
    """The code like ``K7QX2-MPA9T`` (about 50 bits) of frame row ``serial`` under ``key``.

    HMAC-SHA256 of the serial, read as a number and written in ``ALPHABET``: the same key and
    serial always give the same code; without the key a code cannot be told from a random one.
    """
    digest = hmac.new(key, serial.encode("utf-8"), hashlib.sha256).digest()
    number = int.from_bytes(digest, "big")
    raw = ""
    for _ in range(CODE_LENGTH):
        number, index = divmod(number, len(ALPHABET))
        raw += ALPHABET[index]
    return f"{raw[:5]}-{raw[5:]}"


def normalise_code(typed: str) -> str:
    """The code as stored for hashing: upper case, no spaces or dashes."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


def hash_code(campaign_slug: str, code: str) -> str:
    """The stored form of an invitation code: SHA-256 of the campaign slug and the code.

    The slug is public, so it is no secret salt: it only keeps the same code in two campaigns
    apart. What makes the hash hard to reverse is the code's own ~50 random bits; someone who
    holds the printed codes can hash them too.
    """
    return _sha256(f"code:{campaign_slug}:{normalise_code(code)}")


def new_resume_token() -> str:
    """A random token for resuming an open-link survey."""
    return secrets.token_urlsafe(18)


def hash_draft_key(campaign_slug: str, key: str) -> str:
    """The stored form of the key a draft is found by (a code or a resume token)."""
    return _sha256(f"draft:{campaign_slug}:{key}")


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
