"""Exports: SPSS labels via pyreadstat, GeoJSON structure (RFC 7946), codebook, report pieces."""

from __future__ import annotations

import io
import json
from datetime import date

import pandas as pd
import pytest
from sqlalchemy import func, select

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


def test_geojson_is_a_valid_feature_collection(app, analyst):
    response = analyst.get("/staff/results/trygghet-2026/export/map.geojson")
    assert response.mimetype == "application/geo+json"
    data = json.loads(response.data)
    assert data["type"] == "FeatureCollection" and "crs" not in data
    kinds = {}
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        assert isinstance(feature["properties"], dict)
        _check_geometry(feature["geometry"])
        kinds[feature["properties"]["kind"]] = kinds.get(feature["properties"]["kind"], 0) + 1
    from surveyapp.walks.models import Observation

    with app.app_context():
        approved = db.session.scalar(select(func.count()).where(Pin.status == "approved"))
        placed = db.session.scalar(select(func.count()).where(Observation.lat.is_not(None)))
    assert kinds == {"area": 5, "pin": approved, **({"observation": placed} if placed else {})}
    assert all("comment" not in f["properties"] for f in data["features"])


def test_sav_has_variable_and_value_labels_and_the_weight(app, analyst, tmp_path):
    import pyreadstat

    path = tmp_path / "data.sav"
    path.write_bytes(analyst.get("/staff/results/trygghet-2026/export/data.sav").data)
    frame, meta = pyreadstat.read_sav(str(path))
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
    assert frame["trygg_kvall"].isin([1, 2, 3, 4, 5, 6, 9]).all()


def test_csv_and_codebook_use_codes(app, analyst):
    data = pd.read_csv(io.BytesIO(analyst.get("/staff/results/trygghet-2026/export/data.csv").data))
    assert list(data.columns[:8]) == ["response_id", "area", "sex", "age_group", "language",
                                      "channel", "submitted_on", "vikt"]
    assert "forbattring" not in data.columns  # free text is never exported
    assert set(data["trygg_kvall"].dropna().unique()) <= {1, 2, 3, 4, 5, 6, 9}
    book = pd.read_csv(io.BytesIO(analyst.get(
        "/staff/results/trygghet-2026/export/codebook.csv").data), dtype=str)
    row = book[(book["variable"] == "trygg_kvall") & (book["code"] == "4")]
    assert row["value_label"].tolist() == ["Mycket otrygg"]
    assert set(data.columns) - {"response_id"} <= set(book["variable"])


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
