"""Interface language: which one a request gets, its writing direction and its native name."""

from __future__ import annotations

from functools import cache

from babel import Locale
from flask import has_request_context, request, session

LANGUAGES = ("sv", "en", "ar", "fa", "so", "ti", "fi", "uk")
DEFAULT_LANGUAGE = "sv"


def select_locale() -> str:
    """``?lang=`` (remembered in the session), then the session, then Accept-Language, then sv."""
    if not has_request_context():  # CLI commands and services called outside a request
        return DEFAULT_LANGUAGE
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        session["lang"] = asked
        return asked
    remembered = session.get("lang")
    if remembered in LANGUAGES:
        return remembered
    return request.accept_languages.best_match(LANGUAGES) or DEFAULT_LANGUAGE


@cache
def text_direction(language: str) -> str:
    """``rtl`` or ``ltr`` from Babel's locale data."""
    return Locale.parse(language).text_direction


@cache
def native_name(language: str) -> str:
    """The language's name in itself, capitalised as a menu item."""
    name = Locale.parse(language).get_display_name(language) or language
    return name[:1].upper() + name[1:]
