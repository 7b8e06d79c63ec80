"""Inputs that used to end in a server error (500) now get a clear 4xx, on SQLite and PostgreSQL.

Each listed case of issue 13, then a seeded fuzz: random and extreme values posted to every
POST route of ``app.url_map``.
"""

from __future__ import annotations

import io
import json
import random
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient

from surveyapp.db import db
from surveyapp.demo import load_demo

BEYOND_63_BITS = str(2**63)
ARABIC_ONE = "\u0661"  # ١, a Unicode decimal digit that int() reads and \d matches
SUPERSCRIPT_TWO = "\u00b2"  # ², isdigit() is true but int() raises


@pytest.fixture
def demo(app: Flask) -> dict:
    with app.app_context():
        data = load_demo(date.today(), codes=4)
        db.session.commit()
    return data


@pytest.fixture
def admin(client: FlaskClient, log_in, demo) -> FlaskClient:
    return log_in(client, ["admin"], "admin@kommun.se")


def _token(client: FlaskClient) -> str:
    return client.get("/api/csrf-token").get_json()["csrf_token"]


def _message(response) -> str:
    return response.get_data(as_text=True)


def _int_rules(app: Flask) -> list[tuple[str, list[str]]]:
    """(rule, its int argument names) for every rule with an ``<int:…>`` part."""
    from werkzeug.routing import IntegerConverter

    found = []
    for rule in app.url_map.iter_rules():
        names = [name for name, converter in rule._converters.items()
                 if isinstance(converter, IntegerConverter)]
        if names:
            found.append((rule, names))
    return found


def _url(rule, ints: dict[str, str], slug: str) -> str:
    parts = []
    for is_dynamic, part in rule._trace:
        if not is_dynamic:
            parts.append(part)
        elif part in ints:
            parts.append(ints[part])
        else:
            parts.append({"kind": "xlsx"}.get(part, slug))
    return "".join(parts).split("|", 1)[1]


def test_pin_beyond_63_bits_is_404(client, demo):
    response = client.get(f"/karta/{demo['dialogue']}/pins/{BEYOND_63_BITS}.json?lang=en")
    assert response.status_code == 404
    assert "There is no page at this address." in _message(response)
    for number in (2**63 - 1, 2**31, 2**31 - 1):  # beyond, and at, a 32-bit INTEGER id
        assert client.get(f"/karta/{demo['dialogue']}/pins/{number}.json").status_code == 404


@pytest.mark.parametrize("value", [BEYOND_63_BITS, str(2**31), "9" * 40, ARABIC_ONE,
                                   SUPERSCRIPT_TWO])
def test_every_int_route_refuses_out_of_range_numbers(app, admin, demo, value):
    rules = _int_rules(app)
    assert len(rules) >= 15  # pins, walks, actions, versions, users, dialogues, survey pages
    for rule, names in rules:
        bounds = [rule._converters[name].max for name in names]
        if value.isascii() and value.isdigit() and all(b is not None and int(value) <= b
                                                       for b in bounds):
            continue  # within a route's declared wider bound (63-bit random ids)
        url = _url(rule, dict.fromkeys(names, value), demo["campaign"])
        method = "GET" if "GET" in rule.methods else "POST"
        response = admin.open(url, method=method)
        assert response.status_code == 404, (url, response.status_code)


def test_nul_in_the_path_is_refused(client, demo):
    for url in ("/s/%00", f"/s/{demo['campaign']}%00/", "/karta/%00", "/s/%00/page/1"):
        response = client.get(url)
        assert response.status_code in (400, 404), url
    response = client.get("/s/%00?lang=en")
    assert response.status_code == 400
    assert "characters that are not allowed" in _message(response)


def test_nul_in_query_keys_form_keys_and_file_names_is_refused(admin, demo):
    assert admin.get("/?a%00b=1").status_code == 400
    token = _token(admin)
    response = admin.post("/staff/areas/import", data={
        "csrf_token": token, "kind": "district",
        "file": (io.BytesIO(b"{}"), "a\x00.geojson")}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert admin.post("/staff/walks/new", data={"csrf_token": token, "x\x00": "1"}
                      ).status_code == 400


@pytest.mark.parametrize("value", [SUPERSCRIPT_TWO, "9" * 30, str(2**31), ARABIC_ONE * 3,
                                   "-1"])
def test_huge_and_superscript_numbers_in_forms_are_form_errors(admin, demo, value):
    token = _token(admin)
    walk = admin.post("/staff/walks/new?lang=en", data={
        "csrf_token": token, "area": value, "date": date.today().isoformat(),
        "meeting_point": "Torget"})
    assert walk.status_code == 422
    assert "Choose an area from the list." in _message(walk)
    action = admin.post("/staff/actions/new", data={
        "csrf_token": token, "title": "Belysning", "responsible_actor": "kommun",
        "status": "planned", "area": value, "pin": value, "observation": value})
    assert action.status_code == 422
    weighting = admin.post(f"/staff/results/{demo['campaign']}/weighting", data={
        "csrf_token": token, "method": "rake", "var_area": "1", "population_year": value})
    assert weighting.status_code < 500


def test_superscript_year_in_the_campaign_form_is_a_form_error(admin, demo):
    response = admin.post(f"/staff/campaigns/{demo['campaign']}/edit", data={
        "csrf_token": _token(admin), "population_year": SUPERSCRIPT_TWO})
    assert response.status_code in (404, 405, 422)
    from surveyapp.campaigns.checks import _check_population_year

    class Result:
        values: dict = {}
        errors: dict = {}

    result = Result()
    _check_population_year({"population_year": SUPERSCRIPT_TWO}, [], result)
    assert result.errors["population_year"] == "Write the population year as four digits."


@pytest.mark.parametrize("body", ["[" * 100_000 + "]" * 100_000,
                                  '{"a":' * 70 + "1" + "}" * 70,
                                  '{"slug": "a\\u0000b"}'])
def test_deep_or_nul_json_in_api_bodies_is_400(admin, demo, body):
    token = _token(admin)
    for url, method in (("/api/dialogues", "POST"), ("/api/campaigns", "POST"),
                        (f"/api/dialogues/{demo['dialogue']}", "PATCH")):
        response = admin.open(url, method=method, data=body, content_type="application/json",
                              headers={"X-CSRFToken": token})
        assert response.status_code == 400, (url, response.status_code)
        assert "JSON" in response.get_json()["error"]


@pytest.mark.parametrize("name", ['"Park\\u0000en"', '"Parken"'])
def test_nul_in_a_geojson_upload_is_a_clear_422(app, admin, name):
    code = '"X\\u0000"' if name == '"Parken"' else '"X1"'
    text = ('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": '
            f'{{"code": {code}, "name": {name}}}, "geometry": {{"type": "Polygon", '
            '"coordinates": [[[14.0, 57.0], [14.1, 57.0], [14.1, 57.1], [14.0, 57.0]]]}}]}')
    response = admin.post("/staff/areas/import?lang=en", data={
        "csrf_token": _token(admin), "kind": "district",
        "file": (io.BytesIO(text.encode()), "areas.geojson")},
        content_type="multipart/form-data")
    assert response.status_code == 422
    assert "contains NUL characters" in _message(response)


def test_deeply_nested_geojson_is_a_clear_422(admin):
    response = admin.post("/staff/areas/import?lang=en", data={
        "csrf_token": _token(admin), "kind": "district",
        "file": (io.BytesIO(b"[" * 200_000 + b"]" * 200_000), "areas.geojson")},
        content_type="multipart/form-data")
    assert response.status_code == 422
    assert "nested too deeply" in _message(response)


def _random_bytes(size: int = 4000) -> bytes:
    rng = random.Random(13)
    data = bytes(rng.randrange(256) for _ in range(size))
    assert b"\x81" in data or b"\x8d" in data  # bytes Windows-1252 cannot decode
    return data


def test_random_bytes_as_a_population_csv_is_a_clear_422(admin):
    response = admin.post("/staff/results/population?lang=en", data={
        "csrf_token": _token(admin), "file": (io.BytesIO(_random_bytes()), "scb.csv")},
        content_type="multipart/form-data")
    assert response.status_code == 422
    assert "The file is not a text file" in _message(response)


def test_random_bytes_as_a_sampling_frame_is_a_422(admin, demo):
    response = admin.post(f"/staff/invitations/{demo['campaign']}/letters?lang=en", data={
        "csrf_token": _token(admin), "frame": (io.BytesIO(_random_bytes()), "frame.csv")},
        content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Nothing was created" in _message(response)


def test_a_frame_the_csv_module_cannot_read_is_a_422(admin, demo):
    text = "area;name;address\n0682R001;A\x00B;C 1\n".encode("utf-16")  # NUL bytes
    response = admin.post(f"/staff/invitations/{demo['campaign']}/letters?lang=en", data={
        "csrf_token": _token(admin), "frame": (io.BytesIO(text), "frame.csv")},
        content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Nothing was created" in _message(response)
    from surveyapp.invitations.frame import read_frame

    frame = read_frame("serial;area;name;address\nA-1;0682R001;" + "A" * 200_000 + ";C 1\n",
                       ["0682R001"])
    assert frame.rows == [] and frame.problems[-1].kind == "not_csv"


def test_superscript_and_huge_numbers_in_a_survey_answer_are_refused():
    from surveyapp.surveys.widgets.number import _whole_number

    assert _whole_number(SUPERSCRIPT_TWO) is None  # NFKC would have read it as 2
    assert _whole_number("9" * 16) is None
    assert _whole_number(ARABIC_ONE + "\u0662") == 12  # Arabic-Indic digits are digits
    assert _whole_number("\uff13") == 3  # full-width


# --- fuzz: every POST route, seeded ---------------------------------------------------------

NASTY = [
    BEYOND_63_BITS, "-" + BEYOND_63_BITS, "9" * 5000, SUPERSCRIPT_TWO, ARABIC_ONE * 4,
    "1e999", "NaN", "-0", "", " ", "=HYPERLINK(\"http://x\",\"y\")", "\ud7ff" * 3,
    "{" * 3000, "[" * 3000, "'; DROP TABLE response; --", "x" * 100_000, "2026-02-30",
    "9999-99-99", "\u202e\u0627\u0644\u0639\u0631\u0628\u064a\u0629", "true", "null",
]
FIELDS = [
    "area", "areas", "year", "population_year", "code", "kod", "email", "password", "slug",
    "name", "title", "title_sv", "date", "due", "opens", "closes", "severity", "lat", "lng",
    "route", "status", "category", "decision", "reason", "roles", "active", "method",
    "trim_lower", "trim_upper", "kind", "languages", "pin", "observation", "comment",
    "action", "description", "meeting_point", "min_group", "questionnaire", "mode",
]


def _post_rules(app: Flask) -> list:
    skip = {"auth.logout", "static"}
    return sorted((rule for rule in app.url_map.iter_rules()
                   if {"POST", "PATCH"} & rule.methods and rule.endpoint not in skip),
                  key=lambda rule: rule.rule)


def test_fuzz_every_post_route_never_answers_500(app, client, log_in, demo):
    rng = random.Random(20261202)
    rules = _post_rules(app)
    assert len(rules) >= 30
    statuses = {}
    log_in(client, ["admin"], "fuzz@kommun.se")
    for rule in rules:
        answer = client.get("/api/csrf-token")
        if answer.status_code != 200:  # a route changed this account (password, roles)
            log_in(client, ["admin"], "fuzz@kommun.se")
            answer = client.get("/api/csrf-token")
        token = answer.get_json()["csrf_token"]
        url = _url(rule, {name: "1" for name in rule.arguments}, demo["campaign"])
        method = "POST" if "POST" in rule.methods else "PATCH"
        for _round in range(2):
            data: dict = {"csrf_token": token}
            for field in rng.sample(FIELDS, 12):
                data[field] = rng.choice(NASTY)
            data["file"] = (io.BytesIO(rng.randbytes(rng.choice([0, 50, 3000]))), "x.csv")
            data["frame"] = (io.BytesIO(rng.randbytes(500)), "frame.csv")
            response = client.open(url, method=method, data=data,
                                   content_type="multipart/form-data",
                                   headers={"X-CSRFToken": token})
            assert response.status_code < 500, (rule.rule, response.status_code)
            statuses.setdefault(rule.rule, set()).add(response.status_code)
            body = json.dumps({f: rng.choice(NASTY) for f in rng.sample(FIELDS, 8)})
            response = client.open(url, method=method, data=body,
                                   content_type="application/json",
                                   headers={"X-CSRFToken": token})
            assert response.status_code < 500, (rule.rule, "json", response.status_code)
            statuses.setdefault(rule.rule, set()).add(response.status_code)
    assert len(statuses) == len(rules)
    # the values reached the views: most routes answered something else than a refused token
    reached = [rule for rule, seen in statuses.items() if seen - {400}]
    assert len(reached) > len(rules) * 0.6, statuses


def test_fuzz_every_get_route_with_nasty_query_strings_never_answers_500(app, client, log_in,
                                                                          demo):
    rng = random.Random(13)
    rules = sorted((rule for rule in app.url_map.iter_rules()
                    if "GET" in rule.methods and rule.endpoint != "static"),
                   key=lambda rule: rule.rule)
    assert len(rules) >= 40
    log_in(client, ["admin"], "fuzz@kommun.se")
    query_values = [value for value in NASTY if len(value) < 5000]
    for rule in rules:
        url = _url(rule, {name: "1" for name in rule.arguments}, demo["campaign"])
        for _round in range(2):
            query = {field: rng.choice(query_values)
                     for field in rng.sample(FIELDS + ["lang", "item", "by", "compare",
                                                       "archived", "saved"], 6)}
            response = client.get(url, query_string=query)
            assert response.status_code < 500, (rule.rule, query, response.status_code)


@pytest.mark.parametrize("count", ["9" * 20, "\u0661\u0662", "2" + SUPERSCRIPT_TWO])
def test_huge_or_foreign_digit_counts_in_a_population_file_are_problems(admin, demo, count):
    text = f"region;kön;ålder;år;antal\n0682R001;män;16-24;2025;{count}\n".encode()
    response = admin.post("/staff/results/population?lang=en", data={
        "csrf_token": _token(admin), "file": (io.BytesIO(text), "scb.csv")},
        content_type="multipart/form-data")
    assert response.status_code == 422
    assert "is not a whole number" in _message(response)
