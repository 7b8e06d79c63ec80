"""The CSV dialects: Excel with Swedish settings by default, RFC 4180 on request."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from surveyapp.csv_dialects import BOM, EXCEL_SV, RFC4180, CsvWriter
from surveyapp.results.exports import csv_rows


def test_excel_sv_writes_bom_semicolons_decimal_comma_and_crlf():
    writer = CsvWriter(EXCEL_SV)
    writer.row(["a", "b;c", 'say "hi"', 1.25, 3, np.float64(0.5), -2.75, True, "1.5"])
    writer.row(["å", "line\nbreak", "", 1e-7, 10**12, None, "", "", ""])
    text = writer.take()
    assert text == (BOM + 'a;"b;c";"say ""hi""";1,25;3;0,5;-2,75;True;1.5\r\n'
                    'å;"line\nbreak";;1e-07;1000000000000;;;;\r\n')


def test_every_kind_of_fraction_gets_the_decimal_comma_and_whole_numbers_none():
    values = [np.float32(0.5), Decimal("12.50"), np.int64(7), False, float("inf"), "2.5"]
    assert [EXCEL_SV.figure(v) for v in values] == ["0,5", "12,50", np.int64(7), False, "inf",
                                                   "2.5"]
    writer = CsvWriter(RFC4180)
    writer.row(values)
    assert writer.take() == "0.5,12.50,7,False,inf,2.5\r\n"


def test_rfc4180_writes_no_bom_commas_decimal_point_and_crlf():
    writer = CsvWriter(RFC4180)
    writer.row(["a", "b,c", 1.25, 3])
    assert writer.take() == 'a,"b,c",1.25,3\r\n'


@pytest.mark.parametrize("dialect", [EXCEL_SV, RFC4180])
def test_the_csv_module_reads_back_what_was_written(dialect):
    rows = [["id", "text", "weight"], ["1", 'semi;colon, comma "q"\r\nnew', "0.125"]]
    writer = CsvWriter(dialect)
    writer.rows([rows[0], [1, rows[1][1], 0.125]])
    text = writer.take()
    back = list(csv.reader(io.StringIO(text.removeprefix(BOM), newline=""),
                           delimiter=dialect.delimiter))
    assert back[0] == rows[0] and back[1][:2] == rows[1][:2]
    assert back[1][2] == ("0,125" if dialect is EXCEL_SV else "0.125")
    assert dialect.reader(text) == back


def test_a_streamed_body_has_the_bom_once_at_its_start():
    frame = pd.DataFrame({"response_id": range(4500), "vikt": np.linspace(0.5, 2.5, 4500)})
    chunks = list(csv_rows(frame, EXCEL_SV))
    assert len(chunks) > 2  # 2000 rows a chunk
    body = "".join(chunks)
    assert body.startswith(BOM) and body.count(BOM) == 1
    assert all(not chunk.startswith(BOM) for chunk in chunks[1:])
    back = pd.read_csv(io.StringIO(body.removeprefix(BOM)), sep=";", decimal=",")
    assert len(back) == 4500
    np.testing.assert_allclose(back["vikt"], frame["vikt"], rtol=0, atol=0)
    plain = "".join(csv_rows(frame, RFC4180))
    assert BOM not in plain
    np.testing.assert_array_equal(pd.read_csv(io.StringIO(plain))["vikt"], frame["vikt"])


@pytest.mark.parametrize("mimetype", ["text/csv", "text/csv; charset=utf-8",
                                      "text/csv; charset=UTF-8"])
def test_a_csv_download_names_its_charset_once(mimetype):
    from surveyapp.downloads import send_download

    response = send_download("a;b\r\n", mimetype, "x.csv")
    assert response.headers["Content-Type"].lower() == "text/csv; charset=utf-8"
    assert response.headers["Content-Type"].lower().count("charset") == 1


def test_geojson_is_sent_as_geo_json_without_a_charset():
    from surveyapp.downloads import GEOJSON_TYPE, send_download

    assert send_download("{}", GEOJSON_TYPE, "x.geojson").headers["Content-Type"] == (
        "application/geo+json")


def test_the_requested_dialect_comes_from_the_format_parameter(app):
    from werkzeug.exceptions import BadRequest

    from surveyapp.csv_dialects import requested_dialect

    for query, expected in (("", EXCEL_SV), ("?format=excel-sv", EXCEL_SV),
                            ("?format=rfc4180", RFC4180)):
        with app.test_request_context("/x.csv" + query):
            assert requested_dialect() is expected
    with app.test_request_context("/x.csv?format=tsv"), pytest.raises(BadRequest):
        requested_dialect()
