"""Problems and warnings in English that the web app can show in the reader's language.

``questionnaires`` knows nothing of Flask, so a message is a plain English ``str`` (what the
command line prints and the tests compare) that also remembers its parts: each a template marked
with :func:`N_` (so ``pybabel extract`` finds it) and its values. The web layer translates the
templates with :func:`translated` and its own ``gettext``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Part = tuple[str, Mapping[str, Any]]


def N_(template: str) -> str:  # noqa: N802 (gettext's name for a marker)
    """Mark ``template`` for translation without translating it (done when it is shown)."""
    return template


class Message(str):
    """An English message made of translatable parts."""

    parts: tuple[Part, ...]

    def __new__(cls, template: str, **params: Any) -> Message:
        """The message ``template % params`` (``template`` as is without params)."""
        return cls._of(((template, params),))

    @classmethod
    def _of(cls, parts: tuple[Part, ...]) -> Message:
        message = super().__new__(cls, "".join(_fill(template, params)
                                               for template, params in parts))
        message.parts = parts
        return message

    @classmethod
    def concat(cls, *pieces: str) -> Message:
        """The pieces one after another; plain strings are kept as they are."""
        parts: list[Part] = []
        for piece in pieces:
            if isinstance(piece, Message):
                parts.extend(piece.parts)
            else:
                parts.append(("%(text)s", {"text": piece}))
        return cls._of(tuple(parts))


def _fill(template: str, params: Mapping[str, Any]) -> str:
    return template % dict(params) if params else template


def translated(message: str, gettext: Callable[..., str]) -> str:
    """``message`` in the language ``gettext`` translates to (a plain string is kept)."""
    if not isinstance(message, Message):
        return message
    return "".join(gettext(template, **params) if params else gettext(template)
                   for template, params in message.parts)
