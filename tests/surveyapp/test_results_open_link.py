"""Open-link answers stay out of the weighted figures unless an analyst includes them.

The reference is computed here by hand with pandas from the same fixed rows: post-stratified
weights N_cell / n_cell over area × sex, the NTU indicator (codes 3–5 unsafe, 1–5 counted) as
a weighted share — with and without the open-link answers. SQLite and PostgreSQL (conftest).
"""

from __future__ import annotations

import io
from datetime import date

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import select

from surveyapp.db import db
from surveyapp.geo.models import Area
from surveyapp.geo.population import PopulationCell
from surveyapp.results.models import CampaignWeighting
from surveyapp.surveys.models import Response
from surveyapp.surveys.services import find_campaign
from tests.conftest import csrf_token

POPULATION = {("A", "f"): 1000, ("A", "m"): 3000, ("B", "f"): 2000, ("B", "m"): 1000}
AGES = ("16-24", "25-44", "45-64", "65-84")


def _rows(areas: dict[str, str]) -> pd.DataFrame:
    """Fixed rows: 120 letter answers per area, 100 open-link answers in A (all unsafe)."""
    rng = np.random.default_rng(12)
    rows = []
    for key in ("A", "B"):
        for _ in range(120):
            rows.append({"area": areas[key], "key": key, "sex": rng.choice(["f", "m"]),
                         "age_group": rng.choice(AGES), "channel": "invitation",
                         "trygg_kvall": int(rng.choice([1, 2, 3, 4, 5, 6, 9]))})
    for _ in range(100):
        rows.append({"area": areas["A"], "key": "A", "sex": rng.choice(["f", "m"]),
                     "age_group": rng.choice(AGES), "channel": "open", "trygg_kvall": 4})
    return pd.DataFrame(rows)


def _by_hand(frame: pd.DataFrame) -> dict[str, float]:
    """Post-stratified indicator, whole and per area key, computed without the app."""
    n = frame.groupby(["key", "sex"]).size()
    w = frame.apply(lambda r: POPULATION[(r["key"], r["sex"])] / n[(r["key"], r["sex"])],
                    axis=1)
    valid = frame["trygg_kvall"].isin([1, 2, 3, 4, 5])
    unsafe = frame["trygg_kvall"].isin([3, 4, 5])

    def share(mask: pd.Series) -> float:
        return float((w * unsafe)[mask & valid].sum() / w[mask & valid].sum())

    return {"_all": share(pd.Series(True, index=frame.index)),
            **{key: share(frame["key"] == key) for key in ("A", "B")}}


@pytest.fixture
def analyst(app, client, log_in, make_campaign):
    """A campaign with the fixed rows, a population for A and B, post-stratification on
    area × sex; returns (client, slug, rows, area codes)."""
    slug = make_campaign("open-link")
    with app.app_context():
        campaign = find_campaign(slug)
        codes = sorted(a.code for a in campaign.areas)[:2]
        areas = {"A": codes[0], "B": codes[1]}
        frame = _rows(areas)
        for row in frame.itertuples():
            db.session.add(Response(
                campaign_id=campaign.id, channel=row.channel, language="sv", area_code=row.area,
                sex=row.sex, age_group=row.age_group, answers={"trygg_kvall": row.trygg_kvall},
                submitted_on=date.today()))
        for (key, sex), count in POPULATION.items():
            area_id = db.session.scalar(select(Area.id).where(Area.code == areas[key]))
            for age in AGES:  # split evenly over the age groups (age is not weighted on)
                db.session.add(PopulationCell(area_id=area_id, year=campaign.year, sex=sex,
                                              age_group=age, count=count // 4))
        db.session.add(CampaignWeighting(campaign_id=campaign.id, method="poststratify",
                                         variables=["area", "sex"]))
        db.session.commit()
    log_in(client, ["analyst"])
    return client, slug, frame, areas


def _api(client, slug: str) -> dict:
    body = client.get(f"/api/campaigns/{slug}/tables?item=trygg_kvall").get_json()
    rows = {row["area"]: row for row in body["tables"][0]["rows"]}
    return {"body": body, "rows": rows}


def test_default_is_the_random_sample_only(app, analyst):
    client, slug, frame, areas = analyst
    expected = _by_hand(frame[frame["channel"] != "open"])
    found = _api(client, slug)
    for key, code in (("_all", "_all"), ("A", areas["A"]), ("B", areas["B"])):
        assert found["rows"][code]["estimate"] == pytest.approx(expected[key], rel=1e-9)
    sample = found["body"]["sample"]
    assert sample["includes_open_link"] is False and sample["open_link_answers"] == 100
    data = client.get(f"/staff/results/{slug}/export/data.csv").get_data(as_text=True)
    assert len(data.strip().splitlines()) == 1 + 240 and ",open," not in data
    # the open-link answers would have moved area A: the test data is not blind to them
    assert abs(_by_hand(frame)["A"] - expected["A"]) > 0.05


def test_including_open_link_answers_is_explicit_and_printed(app, analyst):
    client, slug, frame, areas = analyst
    page = f"/staff/results/{slug}/weighting"
    form = {"csrf_token": csrf_token(client, page), "method": "poststratify", "var_area": "1",
            "var_sex": "1"}
    refused = client.post(page, data={**form, "sample": "everything"})
    assert refused.status_code == 422
    with app.app_context():
        stored = db.session.scalar(select(CampaignWeighting).where(
            CampaignWeighting.campaign_id == find_campaign(slug).id))
        assert stored.include_open is False
    assert _api(client, slug)["body"]["sample"]["includes_open_link"] is False

    assert client.post(page, data={**form, "sample": "all"}).status_code == 200
    expected = _by_hand(frame)
    found = _api(client, slug)
    for key, code in (("_all", "_all"), ("A", areas["A"]), ("B", areas["B"])):
        assert found["rows"][code]["estimate"] == pytest.approx(expected[key], rel=1e-9)
    note = found["body"]["sample"]["note"]
    assert found["body"]["sample"]["includes_open_link"] is True and "100" in note
    for path in (f"/staff/results/{slug}/", f"/staff/results/{slug}/report", page):
        html = client.get(path).get_data(as_text=True)
        assert note in html, path
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(client.get(f"/staff/results/{slug}/export/tables.xlsx").data))
    assert note in [row[0] for row in book["method"].iter_rows(values_only=True)]
    channels = {row[5] for row in book["data"].iter_rows(min_row=2, values_only=True)}
    assert channels == {"invitation", "open"}
    geojson = client.get(f"/staff/results/{slug}/export/map.geojson").get_json()
    assert geojson["sample"] == note
    assert all(f["properties"]["includes_open_link"] for f in geojson["features"]
               if f["properties"]["kind"] == "area")

    assert client.post(page, data={**form, "sample": "sample"}).status_code == 200
    assert _api(client, slug)["body"]["sample"]["includes_open_link"] is False


def test_open_link_answers_are_shown_apart_unweighted(app, analyst):
    client, slug, frame, areas = analyst
    html = client.get(f"/staff/results/{slug}/").get_data(as_text=True)
    assert 'class="figures open-link"' in html
    table = html.split('class="figures open-link"', 1)[1].split("</table>", 1)[0]
    # all 100 open-link answers are code 4: 100 per cent unsafe, n = 100, unweighted
    assert table.count(">100<") >= 2
    assert "100,0\xa0%" in table  # Swedish: 100,0 % with a no-break space
    report = client.get(f"/staff/results/{slug}/report").get_data(as_text=True)
    assert 'class="figures open-link"' in report


def test_only_open_link_answers_give_a_clear_problem(app, client, log_in, make_campaign):
    slug = make_campaign("only-open")
    with app.app_context():
        campaign = find_campaign(slug)
        code = campaign.areas[0].code
        for _ in range(3):
            db.session.add(Response(campaign_id=campaign.id, channel="open", language="sv",
                                    area_code=code, sex="f", age_group="25-44",
                                    answers={"trygg_kvall": 2}, submitted_on=date.today()))
        db.session.commit()
    log_in(client, ["analyst"])
    response = client.get(f"/staff/results/{slug}/")
    assert response.status_code == 409
    assert "3" in response.get_data(as_text=True)
