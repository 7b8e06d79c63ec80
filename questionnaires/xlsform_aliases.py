"""The spellings pyxform accepts, reduced to the one our importer reads — from pyxform's own tables.

pyxform accepts many names for one column (``relevance``, ``bind:relevant``, ``bind::relevant``
are all ``relevant``; ``jr:constraintMsg`` is ``constraint_message``) and for one question type
(``gps`` is ``geopoint``, ``string`` is ``text``, ``select all that apply from`` is
``select_multiple``). Instead of copying those lists, this module reads
:mod:`pyxform.aliases` and :data:`pyxform.question_type_dictionary.QUESTION_TYPE_DICT`, so a new
pyxform alias is understood without a change here.
"""

from __future__ import annotations

import json
from functools import cache

from pyxform import aliases
from pyxform.parsing.sheet_headers import to_snake_case
from pyxform.question_type_dictionary import QUESTION_TYPE_DICT

# The names our importer reads; every other spelling is mapped onto one of these.
SURVEY_COLUMNS = ("relevant", "required", "constraint", "constraint_message", "required_message",
                  "calculation", "read_only", "appearance", "repeat_count", "image", "audio",
                  "video", "big-image")
TYPE_NAMES = ("text", "integer", "decimal", "date", "time", "dateTime", "note", "calculate",
              "geopoint", "geoshape", "geotrace", "image", "audio", "video", "file", "barcode",
              "start", "end", "today", "deviceid", "subscriberid", "simserial", "phonenumber",
              "username", "email", "acknowledge", "range", "rank", "trigger", "audit")
TRANSLATABLE = {"label", "hint", "guidance_hint", "constraint_message", "required_message",
                "image", "audio", "video", "big-image"}
SELECTS = {"select one": "select_one", "select all that apply": "select_multiple",
           "select one external": "select_one_external", "rank": "rank"}


@cache
def _grouped_targets() -> dict[object, str]:
    """pyxform's grouped target (``('bind', 'relevant')``) → our column name."""
    targets: dict[object, str] = {}
    for name in SURVEY_COLUMNS:
        target = aliases.survey_header.get(name, aliases.TRANSLATABLE_SURVEY_COLUMNS.get(name))
        if target is not None:
            targets.setdefault(target, name)
    for alias, target in aliases.TRANSLATABLE_SURVEY_COLUMNS.items():
        if target in SURVEY_COLUMNS:
            targets.setdefault(("bind", alias), str(target))
    return targets


def _tokens(header: str) -> tuple[str, ...]:
    """The header split as pyxform splits it: on ``::``, else on ``:`` keeping ``jr:x`` whole."""
    if "::" in header:
        return tuple(t.strip() for t in header.split("::"))
    tokens = tuple(t.strip() for t in header.split(":"))
    if "jr" in tokens[:-1]:
        index = tokens.index("jr")
        tokens = (*tokens[:index], f"jr:{tokens[index + 1]}", *tokens[index + 2:])
    return tokens


def survey_column(header: str, keep: frozenset[str] = frozenset()) -> str:
    """The survey-sheet header in our spelling: ``relevant``, ``label::English (en)``, ...

    Headers in ``keep`` (our own extensions such as ``bind::surveyapp:stratum``) and headers
    pyxform does not know either are returned unchanged (pyxform keeps those too).
    """
    header = header.strip()
    if not header or header in keep:
        return header
    tokens = _tokens(header)
    first = to_snake_case(tokens[0])
    alias = next((found for key in (tokens[0], first)
                  if (found := aliases.survey_header.get(key)
                      or aliases.TRANSLATABLE_SURVEY_COLUMNS.get(key)) is not None), None)
    if isinstance(alias, tuple):
        tokens = (*alias, *tokens[1:])
    elif isinstance(alias, str):
        tokens = (alias, *tokens[1:])
    else:
        tokens = (first, *tokens[1:])
    if len(tokens) >= 2 and (tokens[0], tokens[1]) in _grouped_targets():
        tokens = (_grouped_targets()[(tokens[0], tokens[1])], *tokens[2:])
    elif tokens[0] in ("bind", "control", "instance", "body", "media"):
        return header
    return _join(tokens)


def choices_column(header: str) -> str:
    """The choices-sheet header in our spelling (``list_name``, ``name``, ``label::...``)."""
    header = header.strip()
    tokens = _tokens(header) if header else ("",)
    first = to_snake_case(tokens[0])
    alias = aliases.list_header.get(first, first)
    if alias == "list name" or first == "list_name":
        alias = "list_name"
    if isinstance(alias, tuple):
        alias = alias[-1]
    return _join((alias, *tokens[1:]))


def settings_column(header: str) -> str:
    """The settings-sheet header in our spelling (``form_id``, ``form_title``, ...)."""
    first = to_snake_case(header.strip())
    target = str(aliases.settings_header.get(first, first))
    return {"id_string": "form_id", "title": "form_title"}.get(target, target)


def _join(tokens: tuple[str, ...]) -> str:
    base = tokens[0]
    if len(tokens) == 1:
        return base
    return f"{base}::{'::'.join(tokens[1:])}"


@cache
def _type_names() -> dict[str, str]:
    """Every question type pyxform knows → ours (types with the same definition are one)."""
    groups: dict[str, list[str]] = {}
    for name, spec in QUESTION_TYPE_DICT.items():
        groups.setdefault(json.dumps(spec, sort_keys=True, default=str), []).append(name)
    names: dict[str, str] = {}
    for members in groups.values():
        canonical = next((t for t in TYPE_NAMES if t in members), None)
        if canonical is None:
            bind_type = QUESTION_TYPE_DICT[members[0]].get("bind", {}).get("type")
            canonical = "integer" if bind_type == "int" else members[0]
        for member in members:
            names[member] = canonical
            names[member.lower()] = canonical
    for member in ("select one external",):
        names.pop(member, None)
    return names


def split_type(raw: str) -> tuple[str, str, bool]:
    """``(type, rest, from_file)``: ``('select_one', 'yes_no', False)`` for
    ``select one from yes_no``, ``('geopoint', '', False)`` for ``gps``."""
    text = " ".join(raw.split())
    spaced = text.replace("_", " ").lower()
    for alias in sorted(aliases.select, key=len, reverse=True):
        spelled = alias.replace("_", " ").lower()
        if spaced == spelled or spaced.startswith(spelled + " "):
            rest = text[len(spelled):].strip()
            return SELECTS[aliases.select[alias]], rest, "file" in spelled
    parts = text.split(" ", 1)
    rest = parts[1] if len(parts) > 1 else ""
    names = _type_names()
    for candidate in (text, text.lower(), spaced):
        if candidate in names:
            return names[candidate], "", False
    return names.get(parts[0], names.get(parts[0].lower(), parts[0].lower())), rest, False


def yes_no(value: str) -> bool | None:
    """True/False for the yes/no spellings pyxform accepts, None for anything else."""
    found = aliases.yes_no.get(value.strip())
    return None if found is None else bool(found)
