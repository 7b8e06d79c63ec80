"""The JSON API: who may call it, what it answers, and its OpenAPI description."""

from __future__ import annotations

from datetime import date

import pytest
import yaml

from surveyapp.db import db
from surveyapp.demo import load_demo
from surveyapp.results.demo import load_demo_responses

URL = "/api/campaigns/trygghet-2026/tables?item=trygg_kvall&by=area"


@pytest.fixture
def login(app, client, log_in):
    """Demo data with responses; ``login(role)`` logs ``client`` in with that role."""
    with app.app_context():
        load_demo(date.today(), codes=4)
        load_demo_responses(date.today(), per_area=35)
        db.session.commit()
    return lambda role: log_in(client, [role])


def test_anonymous_and_other_roles_get_no_figures(app, client, login):
    response = client.get(URL)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert login("moderator").get(URL).status_code == 403


def test_analyst_gets_rows_for_every_area_and_the_whole(app, client, login):
    body = login("analyst").get(URL).get_json()
    table = body["tables"][0]
    assert body["weighting"] == "rake" and table["measure"] == "trygg_kvall"
    assert [r["area"] for r in table["rows"]][0] == "_all"
    assert len(table["rows"]) == 6 and table["min_n"] == 30
    for row in table["rows"]:
        assert row["suppressed"] is (row["n"] < 30)
        if not row["suppressed"]:
            assert row["ci_low"] < row["estimate"] < row["ci_high"]
            assert 0 < row["estimate"] < 1


def test_grid_item_gives_one_measure_per_answer_and_bad_items_are_400(app, client, login):
    analyst = login("analyst")
    body = analyst.get("/api/campaigns/trygghet-2026/tables?item=oro_inbrott").get_json()
    assert [t["measure"] for t in body["tables"]] == [f"oro_inbrott={c}" for c in (1, 2, 3, 4)]
    assert analyst.get("/api/campaigns/trygghet-2026/tables?item=nope").status_code == 400
    assert analyst.get("/api/campaigns/trygghet-2026/tables?by=sex").status_code == 400
    assert analyst.get("/api/campaigns/none/tables").status_code == 404


def test_suppression_threshold_comes_from_config(app, client, login, monkeypatch):
    analyst = login("analyst")
    monkeypatch.setitem(app.config, "RESULTS_MIN_N", 1000)
    rows = analyst.get(URL).get_json()["tables"][0]["rows"]
    assert all(r["suppressed"] and r["estimate"] is None and r["se"] is None for r in rows)
    assert rows[0]["n"] > 0


def test_openapi_description_is_public_and_names_the_route(client):
    response = client.get("/api/openapi.yaml")
    assert response.status_code == 200
    spec = yaml.safe_load(response.data)
    assert spec["openapi"].startswith("3.")
    operation = spec["paths"]["/api/campaigns/{slug}/tables"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"slug", "item", "by", "compare"}
    assert "Row" in spec["components"]["schemas"]
