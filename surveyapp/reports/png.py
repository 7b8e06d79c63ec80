"""SVG to PNG for the DOCX (Word cannot show SVG everywhere), with resvg: no network, no
browser. Text needs a font on the server (Debian: ``fonts-dejavu-core``)."""

from __future__ import annotations

import struct

import resvg_py

ZOOM = 2  # pixels per SVG unit: sharp when printed at the page's width


def svg_to_png(svg: str) -> bytes:
    """The SVG drawn on white as PNG bytes."""
    return bytes(resvg_py.svg_to_bytes(svg_string=svg, background="#ffffff", zoom=ZOOM,
                                       font_family="DejaVu Sans",
                                       sans_serif_family="DejaVu Sans"))


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels, read from the PNG header."""
    width, height = struct.unpack(">II", png[16:24])
    return width, height
