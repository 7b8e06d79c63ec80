"""Upload bombs are refused fast with a clear message; download names cannot inject headers.

Issue 13: "a 962 KB zip-bomb .xlsx or a 100 KB deeply nested YAML holds a worker 30 s" and
"Content-Disposition built from a questionnaire version is injectable".
"""

from __future__ import annotations

import io
import re
import time
import zipfile
import zlib
from urllib.parse import unquote

import pytest
import yaml

from questionnaires.input_limits import MAX_UNCOMPRESSED, InputTooComplex, check_zip, load_yaml
from questionnaires.loader import LIBRARY
from surveyapp.downloads import content_disposition
from tests.conftest import csrf_token
from tests.questionnaires.data.forms import municipal_form

BASE = "/staff/questionnaires/"
REFUSED_WITHIN = 2.0  # seconds


class _RepeatingDeflate:
    """A raw deflate compressor that compresses each write on its own, ending in a full flush,
    so the segments concatenate into one valid stream; a repeated chunk is compressed once and
    its segment reused: 600 MB take a second instead of the 20 s zlib needs."""

    def __init__(self, chunk: bytes) -> None:
        self.chunk = chunk
        self.block = self._segment(chunk)

    @staticmethod
    def _segment(data: bytes) -> bytes:
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)

    def compress(self, data: bytes) -> bytes:
        return self.block if data == self.chunk else self._segment(data)

    def flush(self) -> bytes:
        return zlib.compressobj(9, zlib.DEFLATED, -15).flush()  # the final, empty block


def _zip_bomb(target_kb: int = 962) -> bytes:
    """The municipal XLSForm with about 600 MB of well-formed rows added to its survey sheet."""
    row = b'<row><c t="inlineStr"><is><t>' + b"A" * 4000 + b"</t></is></c></row>"
    chunk = row * 256  # 1 MB
    compressor = _RepeatingDeflate(chunk)
    source = zipfile.ZipFile(io.BytesIO(municipal_form()))
    sheet_name = "xl/worksheets/sheet1.xml"
    # without <dimension ref="A1:K15"> a reader reads rows until the sheet ends
    original = re.sub(rb"<dimension[^>]*/>", b"", source.read(sheet_name))
    end = original.index(b"</sheetData>")
    others = [(item, source.read(item.filename)) for item in source.infolist()
              if item.filename != sheet_name]
    overhead = sum(len(data) for _item, data in others) + len(original) + 4096
    repeats = (target_kb * 1024 - overhead) // len(compressor.block)
    buffer = io.BytesIO()
    get_compressor = zipfile._get_compressor
    zipfile._get_compressor = lambda *_args: compressor
    try:
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive, \
                archive.open(sheet_name, "w", force_zip64=True) as sheet:
            sheet.write(original[:end])
            for _ in range(repeats):
                sheet.write(chunk)
            sheet.write(original[end:])
    finally:
        zipfile._get_compressor = get_compressor
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        for item, data in others:
            archive.writestr(item, data)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    return _zip_bomb()


def _nested_yaml(size: int = 100 * 1024) -> bytes:
    depth = size // 2
    return b"[" * depth + b"]" * depth


def _block_yaml(levels: int = 300) -> bytes:
    return b"".join(b"  " * i + b"a:\n" for i in range(levels)) + b"  " * levels + b"b: 1\n"


def _upload(client, filename: str, data: bytes, lang: str = "en"):
    """POST the file as a hand-built multipart body (werkzeug's test builder would spool a
    large one to a temporary file it does not close)."""
    token = csrf_token(client, f"{BASE}?lang={lang}")
    boundary = "----hardening"
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n'
            f"{token}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
            ).encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return client.post(f"{BASE}?lang={lang}", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


def test_the_zip_bomb_is_what_the_issue_describes(zip_bomb):
    with zipfile.ZipFile(io.BytesIO(zip_bomb)) as archive:
        unpacked = sum(item.file_size for item in archive.infolist())
    assert 900 * 1024 < len(zip_bomb) < 1024 * 1024  # under the 1 MB upload limit
    assert unpacked > 500 * 1024 * 1024 > 10 * MAX_UNCOMPRESSED


def test_a_zip_bomb_xlsx_upload_is_refused_fast(app, client, log_in, zip_bomb):
    log_in(client, ["admin"])
    started = time.perf_counter()
    response = _upload(client, "bomb.xlsx", zip_bomb)
    elapsed = time.perf_counter() - started
    assert response.status_code == 422
    assert "would unpack to too much data" in response.get_data(as_text=True)
    assert elapsed < REFUSED_WITHIN, elapsed


@pytest.mark.parametrize("data", [_nested_yaml(), _block_yaml(),
                                  b"a: " + b"{b: " * 30_000 + b"1" + b"}" * 30_000],
                         ids=["flow", "block", "mapping"])
def test_a_deeply_nested_yaml_upload_is_refused_fast(app, client, log_in, data):
    log_in(client, ["admin"])
    started = time.perf_counter()
    response = _upload(client, "deep.yaml", data)
    elapsed = time.perf_counter() - started
    assert response.status_code == 422
    assert "nested too deeply" in response.get_data(as_text=True)
    assert elapsed < REFUSED_WITHIN, elapsed


def test_the_refusal_is_translated(app, client, log_in):
    log_in(client, ["admin"])
    response = _upload(client, "deep.yaml", _nested_yaml(), lang="sv")
    assert response.status_code == 422
    assert "för djupt" in response.get_data(as_text=True)


def test_yaml_within_the_bounds_still_loads_and_aliases_are_still_refused():
    assert load_yaml("a: [1, {b: [2, 3]}]") == {"a": [1, {"b": [2, 3]}]}
    with pytest.raises(InputTooComplex) as refused:
        load_yaml("a: &x [1]\nb: *x\n")
    assert refused.value.reason == "alias"
    with pytest.raises(yaml.YAMLError):
        load_yaml("a: [1")


def test_ordinary_workbooks_pass_the_zip_check():
    check_zip(municipal_form())
    check_zip(b"not a zip at all")  # the parser reports that in its own words


def test_many_members_are_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number in range(600):
            archive.writestr(f"x/{number}.xml", b"<a/>")
    with pytest.raises(InputTooComplex):
        check_zip(buffer.getvalue())


# --- Content-Disposition ------------------------------------------------------------------

EVIL = '"; evil=1\r\nX: y'


def _parameters(header: str) -> dict[str, str]:
    kind, *parts = header.split("; ")
    assert kind == "attachment"
    return dict(part.split("=", 1) for part in parts)


@pytest.mark.parametrize("name", [f"trygghet-{EVIL}.xlsx", "trygghet-å-ö.yaml",
                                  "استبيان-١.xlsx", "../../etc/passwd", "a;b\\c/d.csv"])
def test_content_disposition_is_one_safe_filename(name):
    header = content_disposition(name)
    assert "\r" not in header and "\n" not in header
    parameters = _parameters(header)
    assert set(parameters) == {"filename", "filename*"}
    fallback = parameters["filename"]
    assert fallback.startswith('"') and fallback.endswith('"')
    assert fallback[1:-1].isascii() and not set(fallback[1:-1]) & set('";\\/\r\n ')
    encoded = parameters["filename*"]
    assert encoded.startswith("UTF-8''")
    assert not set(encoded[7:]) & set("\"; \r\n'")
    decoded = unquote(encoded[7:], encoding="utf-8", errors="strict")
    assert "/" not in decoded and "\\" not in decoded and "\r" not in decoded


def test_non_ascii_names_arrive_intact():
    parameters = _parameters(content_disposition("trygghet-å-استبيان.xlsx"))
    assert unquote(parameters["filename*"][7:]) == "trygghet-å-استبيان.xlsx"
    assert parameters["filename"] == '"trygghet-a.xlsx"'


def test_a_questionnaire_version_cannot_inject_a_header(app, client, log_in):
    log_in(client, ["admin"])
    definition = yaml.safe_load((LIBRARY / "trygghet.yaml").read_text(encoding="utf-8"))
    definition["version"] = EVIL + " å ع"  # the loader accepts it
    response = _upload(client, "v.yaml", yaml.safe_dump(definition, allow_unicode=True).encode())
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    for kind in ("xlsx", "yaml"):
        download = client.get(response.headers["Location"].rstrip("/") + f"/download.{kind}")
        assert download.status_code == 200
        header = download.headers["Content-Disposition"]
        parameters = _parameters(header)
        assert set(parameters) == {"filename", "filename*"}, header
        # quotes and line breaks become "_", everything else arrives as typed
        assert unquote(parameters["filename*"][7:]) == f"trygghet-_; evil=1_X: y å ع.{kind}"
        assert parameters["filename"] == f'"trygghet-__evil_1_X_y_a.{kind}"'
        assert "X" not in download.headers  # no header was added


def test_a_zip_bomb_response_file_is_refused_fast(app, client, log_in, make_campaign, zip_bomb):
    """The response import allows larger workbooks (1 GB unpacked) but not a 650:1 bomb."""
    make_campaign()
    log_in(client, ["analyst"])
    url = "/staff/imports/test/"
    token = csrf_token(client, url)
    boundary = "----hardening"
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n'
            f"{token}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
            f'filename="answers.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n'
            ).encode() + zip_bomb + f"\r\n--{boundary}--\r\n".encode()
    started = time.perf_counter()
    response = client.post(f"{url}?lang=en", data=body,
                           content_type=f"multipart/form-data; boundary={boundary}")
    elapsed = time.perf_counter() - started
    assert response.status_code == 422
    assert "would unpack to too much data" in response.get_data(as_text=True)
    assert elapsed < REFUSED_WITHIN, elapsed
