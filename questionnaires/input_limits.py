"""Bounds checked before an uploaded file is parsed, so that a small file cannot hold a worker.

- :func:`check_zip` — an .xlsx is a zip archive: its members' declared sizes are summed and
  compared with their compressed sizes *before* openpyxl or pyxform open it. A zip bomb (a
  sheet of hundreds of MB packed into 1 MB) is refused at once. Python's :mod:`zipfile` never
  hands out more bytes than a member declares (a member that lies fails its size/CRC check),
  so the declared sizes bound what the parsers can read.
- :func:`load_yaml` — the YAML event stream is read first with libyaml (C, linear time, when
  PyYAML has it) counting nesting depth, nodes and aliases; only a file within the bounds is
  loaded. PyYAML's pure-Python scanner needs quadratic time for deep flow nesting (``[[[[…``):
  100 KB took 100 s before this check.
- :func:`load_json` — JSON parsed by the C decoder, then walked without recursion to check the
  nesting depth and that no text holds a NUL character (PostgreSQL refuses it in text and JSON).

Each refusal raises :class:`InputTooComplex` with a ``reason`` the web app turns into a
translated message (``surveyapp/uploads.py``).
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import yaml

MAX_UNCOMPRESSED = 20 * 1024 * 1024  # all members of an .xlsx together
MAX_MEMBERS = 500
MAX_RATIO = 100  # uncompressed : compressed, for members larger than RATIO_FROM
RATIO_FROM = 1024 * 1024
MAX_DEPTH = 64  # nesting of YAML collections and JSON arrays/objects
MAX_YAML_NODES = 200_000
_PARSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class InputTooComplex(Exception):  # noqa: N818 - reads as a verdict on the input, like ValueError
    """The input exceeds a bound; ``reason`` is one of ``archive``, ``size``, ``nesting``,
    ``nodes``, ``alias``, ``nul``, and ``limit`` the bound that was exceeded."""

    def __init__(self, reason: str, limit: int = 0) -> None:
        super().__init__(f"{reason} (limit {limit})" if limit else reason)
        self.reason = reason
        self.limit = limit


def check_zip(data: bytes, max_uncompressed: int = MAX_UNCOMPRESSED) -> None:
    """Refuse a zip archive whose members would unpack to too much (a zip bomb): more than
    ``max_uncompressed`` bytes in all, or a suspicious compression ratio.

    A file that is no zip archive passes: the parser reports that in its own words.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    with archive:
        members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise InputTooComplex("archive", MAX_MEMBERS)
    if sum(member.file_size for member in members) > max_uncompressed:
        raise InputTooComplex("size", max_uncompressed)
    for member in members:
        if member.file_size > RATIO_FROM and \
                member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise InputTooComplex("archive", MAX_RATIO)


def _check_yaml_events(text: str) -> None:
    depth = nodes = 0
    try:
        for event in yaml.parse(text, Loader=_PARSER):
            if isinstance(event, yaml.AliasEvent):
                # anchors/aliases would let a small file expand into a huge stored definition
                raise InputTooComplex("alias")
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise InputTooComplex("nesting", MAX_DEPTH)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            nodes += 1
            if nodes > MAX_YAML_NODES:
                raise InputTooComplex("nodes", MAX_YAML_NODES)
    except yaml.YAMLError as error:
        if "nesting depth" in str(error):  # libyaml's own bound (1000) came first
            raise InputTooComplex("nesting", MAX_DEPTH) from None
        raise


def load_yaml(text: str) -> Any:
    """``yaml.safe_load(text)`` for text within the bounds; raises :class:`InputTooComplex`
    (or :class:`yaml.YAMLError` for text that is no YAML)."""
    _check_yaml_events(text)
    return yaml.safe_load(text)


def load_json(text: str | bytes) -> Any:
    """``json.loads(text)`` for text within the bounds; raises :class:`InputTooComplex` (or
    ``ValueError`` for text that is no JSON, ``UnicodeDecodeError`` included)."""
    try:
        data = json.loads(text)
    except RecursionError:
        raise InputTooComplex("nesting", MAX_DEPTH) from None
    check_json_value(data)
    return data


def check_json_value(data: Any) -> None:
    """Refuse parsed JSON nested deeper than :data:`MAX_DEPTH` or holding a NUL character."""
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            if "\x00" in value:
                raise InputTooComplex("nul")
            continue
        if not isinstance(value, dict | list):
            continue
        if depth >= MAX_DEPTH:
            raise InputTooComplex("nesting", MAX_DEPTH)
        items = list(value.items()) if isinstance(value, dict) else [(None, v) for v in value]
        for key, item in items:
            if isinstance(key, str) and "\x00" in key:
                raise InputTooComplex("nul")
            stack.append((item, depth + 1))
