"""Reading a report DOCX back in tests: its tables under their captions and its PNG images,
checked with the PNG format's own rules (chunk CRCs, inflated size), not with the code that
wrote them."""

from __future__ import annotations

import struct
import zlib

from docx.document import Document
from docx.table import Table

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # colour type -> samples per pixel


def captioned_tables(document: Document) -> dict[str, list[list[str]]]:
    """Each table's cell texts under the text of the Caption paragraph right before it."""
    tables: dict[str, list[list[str]]] = {}
    caption = None
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            assert caption is not None, "a table without a caption"
            tables[caption] = [[cell.text for cell in row.cells] for row in block.rows]
            caption = None
        else:
            caption = block.text if block.style.name == "Caption" else None
    return tables


def png_images(document: Document) -> list[bytes]:
    """The blobs of the inline pictures, in the order they are shown."""
    part = document.part
    blobs = []
    for blip in document.element.body.iter(
            "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"):
        rid = blip.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
                       "embed")
        image = part.related_parts[rid]
        assert image.content_type == "image/png"
        blobs.append(image.blob)
    return blobs


def check_png(blob: bytes) -> tuple[int, int]:
    """Width and height of a valid 8-bit PNG (signature, CRC of every chunk, the inflated image
    data one filter byte plus the pixels per row); raises AssertionError otherwise."""
    assert blob[:8] == PNG_SIGNATURE
    offset, chunks, data = 8, [], b""
    while offset < len(blob):
        length, kind = struct.unpack(">I4s", blob[offset:offset + 8])
        body = blob[offset + 8:offset + 8 + length]
        (crc,) = struct.unpack(">I", blob[offset + 8 + length:offset + 12 + length])
        assert zlib.crc32(kind + body) == crc, kind
        chunks.append(kind)
        if kind == b"IDAT":
            data += body
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
        offset += 12 + length
    assert chunks[0] == b"IHDR" and chunks[-1] == b"IEND" and depth == 8
    assert len(zlib.decompress(data)) == height * (1 + width * CHANNELS[colour])
    return width, height
