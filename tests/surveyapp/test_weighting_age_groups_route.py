"""The weighting page takes a campaign's own age grouping (raking: the demo's small area
may leave a post-stratification cell empty): stored when the population table
can give it, refused with the reason otherwise (the stored settings stay)."""

from __future__ import annotations

import html

from sqlalchemy import select

from surveyapp.db import db
from surveyapp.results.models import CampaignWeighting
from tests.conftest import csrf_token
from tests.surveyapp.test_results_end_to_end import analyst  # noqa: F401  (fixture)

URL = "/staff/results/trygghet-2026/weighting"


def _post(client, groups: str):
    token = csrf_token(client, URL)
    return client.post(URL, data={"csrf_token": token, "method": "rake",
                                  "var_area": "1", "var_sex": "1", "var_age_group": "1",
                                  "age_groups": groups})


def _stored(app):
    with app.app_context():
        return db.session.scalars(select(CampaignWeighting)).one().age_groups


def test_grouping_is_stored_and_used(app, client, analyst):  # noqa: F811
    response = _post(client, "16-44, 45-84")
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page
    assert _stored(app) == ["16-44", "45-84"]
    assert "<td>16-44</td>" in page and "<td>45-84</td>" in page and "<td>16-24</td>" not in page
    assert 'value="16-44, 45-84"' in page


def test_groups_the_table_cannot_give_and_bad_groups_are_refused(app, client, analyst):  # noqa: F811
    response = _post(client, "16-44, 40-84")
    assert "Åldersgrupperna 16-44 och 40-84 överlappar." in response.get_data(as_text=True)
    client.get("/?lang=en")
    for groups, message in [
        ("16-19, 20-44, 45-84", "The population table's age group 16-24 does not fit the "
                                "grouping 16-19, 20-44, 45-84"),
        ("13-15, 16-84", "The population table does not cover the ages 13-15"),
        ("16-44, 40-84", "The age groups 16-44 and 40-84 overlap."),
    ]:
        response = _post(client, groups)
        assert response.status_code == 422
        assert message in html.unescape(response.get_data(as_text=True))
        assert _stored(app) is None
