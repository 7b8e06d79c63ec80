"""Secrets derived from ``SECRET_KEY``: keyed hashes and sealed (encrypted) pending answers.

The threat model (README, "Privacy by design") gives the adversary the database, the logs and
the printed codes, but not the server's configuration. So everything stored that could be
recomputed from a code is an HMAC under a key derived from ``SECRET_KEY``, and answers waiting
for their batch are sealed with AES-GCM under another derived key: while pending, a row that
shares a transaction with its invitation shows nothing but its length bucket.

Rotating ``SECRET_KEY`` makes pending answers unreadable: run ``flask survey flush-pending
--all --force`` first (README says so).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import current_app

# Sealed plaintexts are padded to a multiple of this, so a pending row's size tells little
# about its answers (only answers longer than this land in a larger bucket).
PAD_BLOCK = 4096
_NONCE = 12


def derived_key(purpose: str) -> bytes:
    """A 32-byte key for ``purpose``, derived from the app's ``SECRET_KEY``."""
    secret = str(current_app.config["SECRET_KEY"]).encode("utf-8")
    return hmac.new(secret, b"surveyapp/" + purpose.encode("ascii"), hashlib.sha256).digest()


def keyed_hash(purpose: str, text: str) -> str:
    """HMAC-SHA256 of ``text`` under the key for ``purpose`` (64 hex digits)."""
    return hmac.new(derived_key(purpose), text.encode("utf-8"), hashlib.sha256).hexdigest()


def seal(data: dict[str, Any]) -> bytes:
    """Encrypt ``data`` (JSON) padded to a multiple of ``PAD_BLOCK`` bytes."""
    plain = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    length = len(plain).to_bytes(4, "big")
    body = length + plain
    body += b"\0" * (-len(body) % PAD_BLOCK)
    nonce = os.urandom(_NONCE)
    return nonce + AESGCM(derived_key("seal")).encrypt(nonce, body, b"pending-answer")


def unseal(blob: bytes) -> dict[str, Any]:
    """The data sealed by :func:`seal`; raises ``cryptography.exceptions.InvalidTag`` when the
    blob was sealed under another ``SECRET_KEY`` or altered."""
    body = AESGCM(derived_key("seal")).decrypt(blob[:_NONCE], blob[_NONCE:], b"pending-answer")
    length = int.from_bytes(body[:4], "big")
    return json.loads(body[4:4 + length].decode("utf-8"))
