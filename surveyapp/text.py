"""The one cleaner for free text typed by residents and staff (pins, answers, walks, actions).

Rules, in order:

1. Unicode NFC, so the same word typed on two keyboards is stored (and found) the same way.
2. Line breaks become ``\\n`` (``\\r\\n`` from browsers, a lone ``\\r`` from old systems).
3. Control characters (category Cc: NUL, BEL, ESC, ...) are dropped, except ``\\n`` and ``\\t``;
   so are lone surrogates (Cs), which cannot be stored as UTF-8.
4. The bidirectional *embeddings, overrides and isolates* (U+202A–U+202E, U+2066–U+2069) are
   dropped. They reorder everything after them until a closing character, so a comment can be
   made to read differently from what is stored (the "Trojan Source" trick, CVE-2021-42574), and
   one left unclosed garbles the moderation list and the printed protocol around it. Typed text
   never needs them: the browser's bidi algorithm lays out Arabic, Persian and embedded Latin
   text by itself.
5. Every other format character (Cf) is kept: the zero-width non-joiner U+200C that Persian
   spelling needs ("می‌خواهم"), the zero-width joiner U+200D of Arabic ligatures and of emoji
   sequences (👩‍👩‍👧), the tag characters of subdivision flags, and the marks LRM, RLM and ALM
   (U+200E, U+200F, U+061C): they are invisible, move nothing but the neutral characters next to
   them, and are what a writer uses to put a Latin street name or a number the right way round
   in a right-to-left sentence.
6. Leading and trailing whitespace is trimmed.

Unassigned code points are kept: a new emoji should not vanish because Python's Unicode tables
are older than the resident's phone.
"""

from __future__ import annotations

import unicodedata

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_KEPT_CONTROLS = frozenset("\n\t")


def clean_text(raw: str) -> str:
    """``raw`` normalised and trimmed, without control characters or bidi overrides."""
    text = unicodedata.normalize("NFC", raw).replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in text if _kept(ch)).strip()


def _kept(ch: str) -> bool:
    if ch in _KEPT_CONTROLS:
        return True
    if ch in BIDI_CONTROLS:
        return False
    return unicodedata.category(ch) not in ("Cc", "Cs")
