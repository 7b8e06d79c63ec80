"""Exports: SPSS labels via pyreadstat, GeoJSON structure (RFC 7946), codebook, report pieces."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from datetime import date

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import func, select

from surveyapp.csv_dialects import EXCEL_SV, RFC4180
from surveyapp.db import db
from surveyapp.demo import load_demo
from surveyapp.dialogue.models import Pin
from surveyapp.geo.models import Area
from surveyapp.results.demo import load_demo_responses


@pytest.fixture
def analyst(app, client, log_in):
    with app.app_context():
        load_demo(date.today(), codes=4)
        load_demo_responses(date.today(), per_area=40)
        area = db.session.scalar(select(Area).where(Area.code == "0682R001"))
        for k in range(4):
            db.session.add(Pin(lat=57.635 + k * 1e-4, lng=14.675, area_id=area.id,
                               category="belysning", status="approved", created_on=date.today(),
                               comment="Mörkt här"))
        db.session.add(Pin(lat=57.636, lng=14.676, area_id=area.id, category="annat",
                           status="pending", created_on=date.today()))
        db.session.commit()
    log_in(client, ["analyst"], "analyst@example.se")
    return client


def _position(value) -> bool:
    return (isinstance(value, list) and len(value) in (2, 3)
            and all(isinstance(v, int | float) for v in value)
            and -180 <= value[0] <= 180 and -90 <= value[1] <= 90)


def _check_geometry(geometry: dict) -> None:
    kind = geometry["type"]
    if kind == "Point":
        assert _position(geometry["coordinates"])
        return
    polygons = [geometry["coordinates"]] if kind == "Polygon" else geometry["coordinates"]
    assert kind in ("Polygon", "MultiPolygon")
    for polygon in polygons:
        for ring in polygon:
            assert len(ring) >= 4 and ring[0] == ring[-1]
            assert all(_position(p) for p in ring)


def _collection(client, kind: str) -> dict:
    response = client.get(f"/staff/results/trygghet-2026/export/{kind}")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/geo+json"
    data = json.loads(response.data)
    assert data["type"] == "FeatureCollection" and "crs" not in data
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        assert isinstance(feature["properties"], dict)
        _check_geometry(feature["geometry"])
    return data


def _kinds(data: dict) -> dict[str, int]:
    kinds: dict[str, int] = {}
    for feature in data["features"]:
        kinds[feature["properties"]["kind"]] = kinds.get(feature["properties"]["kind"], 0) + 1
    return kinds


def test_geojson_files_are_valid_feature_collections_of_one_geometry_type(app, analyst):
    from surveyapp.walks.models import Observation

    areas = _collection(analyst, "areas.geojson")
    points = _collection(analyst, "points.geojson")
    assert {f["geometry"]["type"] for f in areas["features"]} == {"MultiPolygon"}
    assert {f["geometry"]["type"] for f in points["features"]} == {"Point"}
    with app.app_context():
        approved = db.session.scalar(select(func.count()).where(Pin.status == "approved"))
        placed = db.session.scalar(select(func.count()).where(Observation.lat.is_not(None)))
    assert _kinds(areas) == {"area": 5}
    assert _kinds(points) == {"pin": approved, **({"observation": placed} if placed else {})}
    assert all("comment" not in f["properties"] for f in points["features"])
    assert all("estimate" in f["properties"] for f in areas["features"])


def test_map_geojson_is_the_areas_file(app, analyst):
    old = analyst.get("/staff/results/trygghet-2026/export/map.geojson")
    assert "trygghet-2026-areas.geojson" in old.headers["Content-Disposition"]
    assert json.loads(old.data) == _collection(analyst, "areas.geojson")


def test_area_geometries_keep_their_rings_as_multipolygons(app, analyst):
    with app.app_context():
        stored = {a.code: a.geometry for a in db.session.scalars(select(Area))}
    for feature in _collection(analyst, "areas.geojson")["features"]:
        original = stored[feature["properties"]["code"]]
        expected = ([original["coordinates"]] if original["type"] == "Polygon"
                    else original["coordinates"])
        assert feature["geometry"]["coordinates"] == expected


def _sav(client, tmp_path, **options):
    import pyreadstat

    path = tmp_path / "data.sav"
    path.write_bytes(client.get("/staff/results/trygghet-2026/export/data.sav").data)
    return pyreadstat.read_sav(str(path), **options)


def test_sav_has_variable_and_value_labels_and_the_weight(app, analyst, tmp_path):
    frame, meta = _sav(analyst, tmp_path, user_missing=True)
    labels = meta.column_names_to_labels
    assert labels["trygg_kvall"].startswith("Hur trygg eller otrygg")
    assert labels["vikt"] == "Slutlig vikt (kalibrerad)"
    assert "–" in labels["oro_inbrott"]
    values = meta.variable_value_labels
    assert values["trygg_kvall"][1.0] == "Mycket trygg"
    assert values["trygg_kvall"][9.0] == "Vet ej"
    assert values["utsatt_inbrott"] == {0.0: "Ej vald", 1.0: "Vald"}
    assert values["sex"]["f"] == "Kvinna"
    assert len(frame) == 200 and frame["vikt"].gt(0).all()
    csv_ids = [line.split(";")[0] for line in analyst.get(
        "/staff/results/trygghet-2026/export/data.csv").get_data(as_text=True).splitlines()[1:]]
    assert sorted(frame["response_id"]) == sorted(csv_ids), "every digit, as in the CSV"
    assert frame["trygg_kvall"].dropna().isin([1, 2, 3, 4, 5, 6, 9]).all()


def test_sav_declares_dont_know_user_missing(app, analyst, tmp_path):
    kept, meta = _sav(analyst, tmp_path, user_missing=True)
    dropped, _meta = _sav(analyst, tmp_path)
    dont_know = {"lo": 9.0, "hi": 9.0}
    for name in ("trygg_kvall", "avstar", "oro_inbrott", "problem_belysning", "anmalt",
                 "fortroende_polis", "fodd_sverige"):
        assert meta.missing_ranges[name] == [dont_know], name
    for name in ("boende", "sysselsattning", "vikt", "utsatt_inbrott", "bott_ar", "sex"):
        assert name not in meta.missing_ranges, name
    # read as SPSS does by default, a "Vet ej" is missing and every other answer is kept
    answered = kept["trygg_kvall"].notna()
    assert (kept["trygg_kvall"] == 9).sum() > 0
    assert dropped["trygg_kvall"].isna().tolist() == (~answered | (kept["trygg_kvall"] == 9)
                                                      ).tolist()
    pd.testing.assert_series_equal(dropped["boende"], kept["boende"])


def test_sav_sets_the_level_of_measurement(app, analyst, tmp_path):
    _frame, meta = _sav(analyst, tmp_path)
    levels = meta.variable_measure
    assert levels["vikt"] == "scale" and levels["bott_ar"] == "scale"
    assert levels["utsatt_antal"] == "scale"
    for name in ("trygg_kvall", "avstar", "oro_paverkan", "polis_synlighet", "oro_inbrott",
                 "problem_belysning", "fortroende_polis", "age_group"):
        assert levels[name] == "ordinal", name
    for name in ("boende", "sysselsattning", "anmalt", "fodd_sverige", "utsatt_inbrott",
                 "otrygg_skal_morker", "sex", "area", "channel", "response_id"):
        assert levels[name] == "nominal", name
    assert set(levels.values()) == {"nominal", "ordinal", "scale"}


@pytest.mark.skipif(shutil.which("Rscript") is None, reason="R is not installed")
def test_r_reads_the_sav_with_labels_and_user_missing(app, analyst, tmp_path):
    path = tmp_path / "data.sav"
    path.write_bytes(analyst.get("/staff/results/trygghet-2026/export/data.sav").data)
    script = (
        "suppressMessages(library(foreign)); "
        f"d <- read.spss('{path}', to.data.frame = FALSE, use.value.labels = FALSE, "
        "use.missings = TRUE); "
        "cat(attr(d, 'variable.labels')[['trygg_kvall']], '\\n'); "
        "cat(sum(d$trygg_kvall == 9, na.rm = TRUE), '\\n'); "
        "cat(names(attr(d$trygg_kvall, 'value.labels'))[attr(d$trygg_kvall, 'value.labels') "
        "== 9], '\\n'); cat(length(d$vikt), '\\n')")
    found = subprocess.run(["Rscript", "-e", script], capture_output=True, text=True,
                           timeout=120)
    if "there is no package called" in found.stderr:
        pytest.skip("R package foreign is not installed")
    assert found.returncode == 0, found.stderr
    label, nines, dont_know, rows = found.stdout.splitlines()[:4]
    assert label.startswith("Hur trygg eller otrygg")
    assert int(nines) == 0  # use.missings: the user-missing 9 is NA in R
    assert dont_know.strip() == "Vet ej" and int(rows) == 200


def _read_csv(body: bytes, dialect=EXCEL_SV, **options) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(body), sep=dialect.delimiter, decimal=dialect.decimal,
                       encoding="utf-8-sig" if dialect.bom else "utf-8", **options)


def test_csv_and_codebook_use_codes(app, analyst):
    data = _read_csv(analyst.get("/staff/results/trygghet-2026/export/data.csv").data)
    assert list(data.columns[:8]) == ["response_id", "area", "sex", "age_group", "language",
                                      "channel", "submitted_on", "vikt"]
    assert "forbattring" not in data.columns  # free text is never exported
    assert set(data["trygg_kvall"].dropna().unique()) <= {1, 2, 3, 4, 5, 6, 9}
    assert data["vikt"].dtype == float and data["vikt"].gt(0).all()
    book = _read_csv(analyst.get("/staff/results/trygghet-2026/export/codebook.csv").data,
                     dtype=str)
    row = book[(book["variable"] == "trygg_kvall") & (book["code"] == "4")]
    assert row["value_label"].tolist() == ["Mycket otrygg"]
    assert set(data.columns) - {"response_id"} <= set(book["variable"])


@pytest.mark.parametrize("kind", ["data.csv", "codebook.csv"])
def test_csv_downloads_are_excel_swedish_by_default_and_rfc4180_on_request(app, analyst, kind):
    url = f"/staff/results/trygghet-2026/export/{kind}"
    excel, plain = analyst.get(url), analyst.get(url + "?format=rfc4180")
    for response in (excel, plain):
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    excel_text, plain_text = excel.data.decode("utf-8"), plain.data.decode("utf-8")
    assert excel_text.startswith("\ufeff") and excel_text.count("\ufeff") == 1
    assert not plain_text.startswith("\ufeff")
    for text in (excel_text, plain_text):
        assert text.endswith("\r\n") and text.count("\n") == text.count("\r\n")
    excel_rows, plain_rows = EXCEL_SV.reader(excel_text), RFC4180.reader(plain_text)
    assert excel_rows[0] == plain_rows[0] and len(excel_rows) == len(plain_rows) > 5
    assert analyst.get(url + "?format=semicolons").status_code == 400


def test_weights_have_a_decimal_comma_by_default_and_a_point_in_rfc4180(app, analyst):
    url = "/staff/results/trygghet-2026/export/data.csv"
    excel = EXCEL_SV.reader(analyst.get(url).data.decode("utf-8"))
    plain = RFC4180.reader(analyst.get(url + "?format=rfc4180").data.decode("utf-8"))
    at = excel[0].index("vikt")
    weights = [row[at] for row in excel[1:]]
    fractional = [w for w in weights if not float(w.replace(",", ".")).is_integer()]
    assert fractional and all("," in w and "." not in w for w in fractional)
    assert [float(w.replace(",", ".")) for w in weights] == [float(row[at]) for row in plain[1:]]
    code = excel[0].index("trygg_kvall")  # integer codes: no decimal mark in either
    assert all(row[code] in {"", "1", "2", "3", "4", "5", "6", "9"} for row in excel[1:])
    assert [row[code] for row in excel[1:]] == [row[code] for row in plain[1:]]


def test_report_shows_pins_hot_spots_and_method(app, analyst):
    html = analyst.get("/staff/results/trygghet-2026/report?area=0682R001&area=0682R002")
    text = html.get_data(as_text=True)
    assert html.status_code == 200
    assert text.count('data-estimate="') == 3  # municipality + the two chosen areas
    assert "<svg" in text and "<title" in text and "<desc" in text
    # four pins within 40 m and nothing else: a pile, not a significant cluster (the old
    # rule of thumb, >= 3 pins within about 200 m, called it a hot spot)
    assert text.count('stroke="#b00020"') == 0
    assert 'class="no-hotspots"' in text and 'class="method hotspot-method"' in text
    for part in ('class="legend"', 'class="scale-bar"', 'class="north-arrow"'):
        assert part in text
    assert "<script" not in text and 'style="' not in text


def test_geopackage_has_one_layer_per_kind_matching_the_geojson_files(app, analyst, tmp_path):
    import pyogrio
    import shapely

    response = analyst.get("/staff/results/trygghet-2026/export/map.gpkg")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/geopackage+sqlite3"
    assert response.data.startswith(b"SQLite format 3\x00")
    path = tmp_path / "map.gpkg"
    path.write_bytes(response.data)
    layers = {name: kind for name, kind in pyogrio.list_layers(path)}
    assert layers == {"areas": "MultiPolygon", "pins": "Point", "observations": "Point",
                      "survey_places": "Point"}
    areas = _collection(analyst, "areas.geojson")["features"]
    points = _collection(analyst, "points.geojson")["features"]
    for layer, expected in (("areas", areas),
                            ("pins", [f for f in points if f["properties"]["kind"] == "pin"]),
                            ("observations", [f for f in points
                                              if f["properties"]["kind"] == "observation"])):
        info = pyogrio.read_info(path, layer=layer)
        assert info["crs"] == "EPSG:4326" and info["features"] == len(expected), layer
        _meta, _fids, geometry, fields = pyogrio.raw.read(path, layer=layer)
        read = [shapely.from_wkb(g) for g in geometry]
        for got, feature in zip(read, expected, strict=True):
            assert shapely.equals_exact(got, shapely.geometry.shape(feature["geometry"]), 1e-9)
    _meta, _fids, _geometry, fields = pyogrio.raw.read(path, layer="areas")
    columns = dict(zip(_meta["fields"], fields, strict=True))
    info = pyogrio.read_info(path, layer="areas")
    types = dict(zip(info["fields"], info["ogr_types"], strict=True))
    assert types["estimate"] == "OFTReal" and types["n"].startswith("OFTInteger")
    assert types["code"] == "OFTString"
    for i, feature in enumerate(areas):
        properties = feature["properties"]
        assert columns["code"][i] == properties["code"] and columns["n"][i] == properties["n"]
        assert bool(columns["suppressed"][i]) is properties["suppressed"]
        if properties["estimate"] is None:
            assert np.isnan(columns["estimate"][i])
        else:
            assert columns["estimate"][i] == pytest.approx(properties["estimate"], rel=1e-12)


def test_geopackage_writes_nulls_types_and_empty_layers(tmp_path):
    import pyogrio

    from surveyapp.results.geopackage import geopackage_bytes

    square = [[[14.0, 57.0], [14.1, 57.0], [14.1, 57.1], [14.0, 57.0]]]
    areas = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "MultiPolygon", "coordinates": [square]},
         "properties": {"kind": "area", "code": "Å1", "n": 40, "estimate": 0.25,
                        "suppressed": False}},
        {"type": "Feature", "geometry": {"type": "MultiPolygon", "coordinates": [square]},
         "properties": {"kind": "area", "code": "B2", "n": 3, "estimate": None,
                        "suppressed": True}}]}
    points = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [14.05, 57.05]},
         "properties": {"kind": "observation", "severity": None, "scores": {"lighting": 2},
                        "date": "2026-05-01"}}]}
    path = tmp_path / "x.gpkg"
    path.write_bytes(geopackage_bytes(areas, points))
    assert [name for name, _kind in pyogrio.list_layers(path)] == [
        "areas", "pins", "observations", "survey_places"]
    assert pyogrio.read_info(path, layer="pins")["features"] == 0
    meta, _fids, _geometry, fields = pyogrio.raw.read(path, layer="areas")
    columns = dict(zip(meta["fields"], fields, strict=True))
    assert list(columns["code"]) == ["Å1", "B2"] and list(columns["n"]) == [40, 3]
    assert columns["estimate"][0] == 0.25 and np.isnan(columns["estimate"][1])
    assert list(columns["suppressed"]) == [False, True]
    meta, _fids, _geometry, fields = pyogrio.raw.read(path, layer="observations")
    columns = dict(zip(meta["fields"], fields, strict=True))
    assert json.loads(columns["scores"][0]) == {"lighting": 2}
    assert columns["date"][0] == "2026-05-01" and np.isnan(columns["severity"][0])


def test_every_export_link_on_the_dashboard_and_place_map_downloads(app, analyst):
    import html as html_module
    import re

    links = set()
    for page in ("/staff/results/trygghet-2026/", "/staff/results/trygghet-2026/places"):
        text = analyst.get(page).get_data(as_text=True)
        links |= {html_module.unescape(h) for h in re.findall(r'href="([^"]*/export/[^"]+)"',
                                                               text)}
    kinds = {link.rsplit("/", 1)[1] for link in links}
    assert kinds >= {"data.csv", "codebook.csv", "data.csv?format=rfc4180",
                     "codebook.csv?format=rfc4180", "data.sav", "areas.geojson",
                     "points.geojson", "map.gpkg", "texts.csv"}
    for link in links:
        response = analyst.get(link)
        assert response.status_code == 200, link
        assert "attachment;" in response.headers["Content-Disposition"], link
