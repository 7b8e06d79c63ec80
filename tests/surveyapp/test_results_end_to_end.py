"""End to end: two waves of demo responses, population import, weighting, then the dashboard,
report, API and the CSV/XLSX/SAV/GeoJSON exports must carry the figures that the analysis
library gives when called directly; a suppressed area shows no estimate anywhere."""

from __future__ import annotations

import io
import json
import re
from datetime import date

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import delete, select, update

from analysis import SurveyDesign, unsafe_share
from surveyapp.csv_dialects import EXCEL_SV, RFC4180
from surveyapp.db import db
from surveyapp.demo import load_demo
from surveyapp.geo.population import PopulationCell
from surveyapp.results.demo import load_demo_responses, population_csv
from surveyapp.surveys.models import Campaign, Response
from tests.conftest import csrf_token

SMALL = "0682R005"  # the area left with too few answers
SCB_SEX = {"män": "m", "kvinnor": "f"}


@pytest.fixture
def analyst(app, client, log_in):
    """Demo data for two waves and a logged-in analyst; population imported through the page."""
    today = date.today()
    with app.app_context():
        load_demo(today, codes=4)
        load_demo_responses(today, per_area=60)
        current = db.session.scalar(select(Campaign).where(Campaign.slug == "trygghet-2026"))
        db.session.execute(update(Response).where(Response.sex == "x").values(sex="m"))
        # Keep 12 responses in the small area, all with a valid answer (ids are random, so
        # "the first 12" would be a random dozen).
        small = sorted(db.session.execute(select(Response.id, Response.answers).where(
            Response.campaign_id == current.id, Response.area_code == SMALL)).all(),
            key=lambda row: (row[1].get("trygg_kvall") not in (1, 2, 3, 4, 5), row[0]))
        db.session.execute(delete(Response).where(Response.id.in_([r[0] for r in small[12:]])))
        db.session.execute(delete(PopulationCell))
        codes = [a.code for a in current.areas]
        db.session.commit()
    log_in(client, ["analyst"], "analyst@example.se")
    token = csrf_token(client, "/staff/results/population")
    texts = {year: population_csv(codes, year) for year in (2025, 2026)}
    for year, text in texts.items():
        response = client.post("/staff/results/population", data={
            "csrf_token": token, "file": (io.BytesIO(text.encode("utf-8-sig")), f"{year}.csv")})
        assert response.status_code == 200
    response = client.post("/staff/results/trygghet-2026/weighting", data={
        "csrf_token": token, "method": "rake", "var_area": "1", "var_sex": "1",
        "var_age_group": "1", "trim_lower": "0,5", "trim_upper": "2"})
    assert response.status_code == 200
    return texts[2026]


def _direct(app, population_text: str, slug: str = "trygghet-2026", trim: bool = True):
    """The indicator computed with the analysis library straight from the database rows."""
    with app.app_context():
        current = db.session.scalar(select(Campaign).where(Campaign.slug == slug))
        rows = db.session.execute(select(Response.area_code, Response.sex, Response.age_group,
                                         Response.answers)
                                  .where(Response.campaign_id == current.id)).all()
    frame = pd.DataFrame({"area": [r[0] for r in rows], "sex": [r[1] for r in rows],
                          "age_group": [r[2] for r in rows],
                          "trygg": [r[3].get("trygg_kvall") for r in rows]})
    frame["trygg"] = frame["trygg"].astype(float)
    pop = pd.read_csv(io.StringIO(population_text), sep=";")
    pop["sex"] = pop["kön"].map(SCB_SEX)
    pop["age_group"] = pop["ålder"].str.replace(" år", "")
    margins = {"area": pop.groupby("region")["antal"].sum().to_dict(),
               "sex": pop.groupby("sex")["antal"].sum().to_dict(),
               "age_group": pop.groupby("age_group")["antal"].sum().to_dict()}
    # the app's design: areas as strata, SRS without replacement from the area's population
    frame["N"] = frame["area"].map(margins["area"]).astype(float)
    design = SurveyDesign(frame, strata="area", fpc="N").rake(margins)
    if trim:
        mean = design.weights.mean()
        design = design.trim(0.5 * mean, 2.0 * mean, strict=True)
        assert design.weights.max() <= 2.0 * mean + 1e-9
    return design, unsafe_share(design, "trygg", min_n=30), \
        unsafe_share(design, "trygg", by="area", min_n=30)


def _weighted_share(frame: pd.DataFrame) -> float:
    valid = frame[frame["trygg_kvall"].isin([1, 2, 3, 4, 5])]
    unsafe = valid["trygg_kvall"].isin([3, 4, 5])
    return float((valid["vikt"] * unsafe).sum() / valid["vikt"].sum())


def test_every_output_carries_the_library_figures(app, client, analyst):
    design, whole, by_area = _direct(app, analyst)
    assert by_area[SMALL].suppressed and by_area[SMALL].n == 12
    shown = {k: e.estimate for k, e in zip(by_area.keys, by_area.estimates, strict=True)
             if not e.suppressed}
    assert len(shown) == 4

    # dashboard and report: every shown estimate, nothing for the suppressed area
    for url in ("/staff/results/trygghet-2026/", "/staff/results/trygghet-2026/report"):
        html = client.get(url).get_data(as_text=True)
        found = [float(v) for v in re.findall(r'data-estimate="([^"]+)"', html)]
        assert found[0] == pytest.approx(whole.estimate, rel=1e-9)
        assert sorted(found[1:5]) == pytest.approx(sorted(shown.values()), rel=1e-9)
        small_row = re.search(r"Västerhöjd</th>(.*?)</tr>", html, re.S).group(1)
        assert "data-estimate" not in small_row

    # JSON API, with the area-vs-rest test from the library
    api = client.get("/api/campaigns/trygghet-2026/tables?item=trygg_kvall&compare=1").get_json()
    rows = {r["area"]: r for r in api["tables"][0]["rows"]}
    assert rows["_all"]["estimate"] == pytest.approx(whole.estimate, rel=1e-9)
    assert rows["_all"]["ci_low"] == pytest.approx(whole.ci_low, rel=1e-9)
    for code, value in shown.items():
        assert rows[code]["estimate"] == pytest.approx(value, rel=1e-9)
        assert rows[code]["ci_high"] == pytest.approx(by_area[code].ci_high, rel=1e-9)
    assert rows[SMALL]["suppressed"] and rows[SMALL]["estimate"] is None
    assert rows[SMALL]["ci_low"] is None and rows[SMALL]["vs_municipality"] is None
    flag = np.where(design.data["trygg"].isin([1, 2, 3, 4, 5]),
                    design.data["trygg"].isin([3, 4, 5]) * 1.0, np.nan)
    domain = np.where(design.data["area"] == "0682R001", "a", "b")
    diff = design.difference(flag, domain, "a", "b", na_rm=True)
    assert rows["0682R001"]["vs_municipality"]["difference"] == pytest.approx(diff.estimate)
    assert rows["0682R001"]["vs_municipality"]["ci_low"] == pytest.approx(diff.ci_low)

    # XLSX: the weighted tables sheet, and the data sheet reproduces the estimates
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(client.get(
        "/staff/results/trygghet-2026/export/tables.xlsx").data), read_only=True)
    table = [r for r in book["tables"].iter_rows(values_only=True) if r[0] == "trygg_kvall"]
    xlsx = {r[2]: r for r in table}
    assert xlsx["_all"][5] == pytest.approx(whole.estimate, rel=1e-9)
    for code, value in shown.items():
        assert xlsx[code][5] == pytest.approx(value, rel=1e-9)
    assert xlsx[SMALL][5] is None and xlsx[SMALL][9] is True
    sheet = list(book["data"].iter_rows(values_only=True))
    data = pd.DataFrame(sheet[1:], columns=sheet[0])
    assert _weighted_share(data) == pytest.approx(whole.estimate, rel=1e-9)

    # CSV and SAV microdata with the weight give the same figures
    for dialect in (EXCEL_SV, RFC4180):
        csv = pd.read_csv(io.BytesIO(client.get(
            f"/staff/results/trygghet-2026/export/data.csv?format={dialect.name}").data),
            sep=dialect.delimiter, decimal=dialect.decimal, encoding="utf-8-sig")
        assert _weighted_share(csv) == pytest.approx(whole.estimate, rel=1e-9)
        for code, value in shown.items():
            assert _weighted_share(csv[csv["area"] == code]) == pytest.approx(value, rel=1e-9)
    import pyreadstat

    sav = client.get("/staff/results/trygghet-2026/export/data.sav").data
    path = app.instance_path + "/e2e.sav"
    with open(path, "wb") as file:
        file.write(sav)
    spss, meta = pyreadstat.read_sav(path)
    assert _weighted_share(spss) == pytest.approx(whole.estimate, rel=1e-9)

    # GeoJSON: area features carry the same figures, none for the suppressed area
    geo = json.loads(client.get("/staff/results/trygghet-2026/export/areas.geojson").data)
    props = {f["properties"]["code"]: f["properties"] for f in geo["features"]
             if f["properties"]["kind"] == "area"}
    for code, value in shown.items():
        assert props[code]["estimate"] == pytest.approx(value, rel=1e-9)
    assert props[SMALL]["estimate"] is None and props[SMALL]["suppressed"] is True


def test_previous_wave_comparison_uses_both_waves(app, client, analyst):
    api = client.get("/api/campaigns/trygghet-2026/tables?item=trygg_kvall&compare=1").get_json()
    whole = api["tables"][0]["rows"][0]
    with app.app_context():
        current = db.session.scalar(select(Campaign).where(Campaign.slug == "trygghet-2026"))
        codes = [a.code for a in current.areas]
    _, before, _ = _direct(app, population_csv(codes, 2025), "trygghet-2025", trim=False)
    _, now, _ = _direct(app, analyst)
    assert whole["previous"] == pytest.approx(before.estimate, rel=1e-9)
    comparison = whole["vs_previous"]
    assert comparison["difference"] == pytest.approx(now.estimate - before.estimate)
    half = (comparison["ci_high"] - comparison["ci_low"]) / 2
    se = float(np.hypot(now.se, before.se))
    from scipy import stats

    assert half == pytest.approx(stats.t.ppf(0.975, min(now.df, before.df)) * se)


def test_dashboard_item_tables_match_the_api(app, client, analyst):
    for item in ("oro_inbrott", "utsatt", "worry_index", "bott_ar"):
        html = client.get(f"/staff/results/trygghet-2026/?item={item}").get_data(as_text=True)
        api = client.get(f"/api/campaigns/trygghet-2026/tables?item={item}").get_json()
        shown = [row["estimate"] for table in api["tables"] for row in table["rows"]
                 if row["estimate"] is not None]
        assert shown, item
        found = [float(v) for v in re.findall(r'data-estimate="([^"]+)"', html)]
        for value in shown:
            assert any(v == pytest.approx(value, rel=1e-9) for v in found), (item, value)


def test_weighting_that_cannot_be_computed_keeps_the_stored_settings(app, client, analyst):
    from surveyapp.results.models import CampaignWeighting

    token = csrf_token(client, "/staff/results/trygghet-2026/weighting")
    response = client.post("/staff/results/trygghet-2026/weighting", data={
        "csrf_token": token, "method": "poststratify", "var_area": "1",
        "population_year": "1999"})
    assert response.status_code == 422  # no population for 1999: a refusal, returned
    with app.app_context():
        stored = db.session.scalars(select(CampaignWeighting)).one()
        assert (stored.method, stored.population_year, stored.trim_upper) == ("rake", None, 2)
