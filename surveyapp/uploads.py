"""Uploaded files: bounded parsing and the translated message when a file is refused.

The bounds themselves are in :mod:`questionnaires.input_limits` (no Flask there, so the command
line tools share them): a zip archive (.xlsx) is checked for its unpacked size before openpyxl
opens it, YAML and JSON for their nesting depth before they are built, and JSON text for NUL
characters. Questionnaire authoring, areas (GeoJSON) and population tables read through these
helpers; JSON request bodies are bounded in :mod:`surveyapp.request_limits`.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from questionnaires.input_limits import InputTooComplex, load_json


class FileRefused(ValueError):
    """An uploaded file that cannot be used; ``problems`` lists every problem found (nothing
    is stored). Each importer names its own subclass."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def refusal_message(error: InputTooComplex) -> str:
    """What to tell the person who uploaded a file refused by a bound."""
    if error.reason == "nesting":
        return _("The file is nested too deeply (more than %(limit)s levels) and was not read.",
                 limit=error.limit)
    if error.reason == "nodes":
        return _("The file has too many entries (more than %(limit)s) and was not read.",
                 limit=error.limit)
    if error.reason == "nul":
        return _("The file contains NUL characters (\\u0000), which are not allowed.")
    return _("The file would unpack to too much data (it looks like a zip bomb) "
             "and was not read.")


def decode_text(data: bytes) -> str | None:
    """The bytes of an uploaded text file as text: UTF-8 (a byte-order mark is dropped), else
    Windows-1252 as Excel writes it; None for bytes that are neither (e.g. a binary file)."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return None if "\x00" in text else text
    return None


def not_text_message() -> str:
    """For an upload that is no text file."""
    return _("The file is not a text file (UTF-8 or Windows-1252). Save it as CSV and try again.")


def read_json(data: str | bytes) -> Any:
    """Parsed JSON within the bounds; raises ValueError with a translated message."""
    try:
        return load_json(data)
    except InputTooComplex as error:
        raise ValueError(refusal_message(error)) from None
