"""JSON API: weighted tables for analysts (the same rows as the dashboard and exports).

Anonymous callers are sent to the login page (302) like every staff route (one permission
rule for the whole app, checked by the route-walk test); a logged-in user without the analyst
role gets 403. The OpenAPI description is public.
"""

from __future__ import annotations

from pathlib import Path

from flask import Response, abort, jsonify, request
from flask_babel import get_locale

from surveyapp.api import bp
from surveyapp.auth.models import Role
from surveyapp.auth.permissions import public, role_required
from surveyapp.results.measures import find_measures
from surveyapp.results.open_link import sample_note
from surveyapp.results.services import (
    campaign_measures,
    find_campaign,
    load_wave,
    previous_campaign,
    single_threaded_blas,
    tables_for,
)
from surveyapp.results.weighting import WeightingProblem

SPEC = Path(__file__).resolve().parent / "openapi.yaml"


@bp.get("/openapi.yaml")
@public
def openapi() -> Response:
    """The OpenAPI 3 description of this API."""
    return Response(SPEC.read_text(encoding="utf-8"), mimetype="application/yaml")


@bp.get("/campaigns/<slug>/tables")
@role_required(Role.ANALYST)
@single_threaded_blas
def tables(slug: str) -> tuple[Response, int] | Response:
    """Weighted estimates of an item by area (``?item=trygg_kvall&by=area``)."""
    campaign = find_campaign(slug)
    if campaign is None:
        abort(404)
    item = request.args.get("item", "trygg_kvall")
    if request.args.get("by", "area") != "area":
        return jsonify(error="by must be 'area'"), 400
    language = str(get_locale() or "sv")
    chosen = find_measures(campaign_measures(campaign, language), item)
    if not chosen:
        return jsonify(error=f"unknown item {item!r}"), 400
    compare = request.args.get("compare") == "1"
    try:
        wave = load_wave(campaign)
    except WeightingProblem as problem:
        return jsonify(error=str(problem)), 409
    previous = previous_campaign(campaign) if compare else None
    try:
        previous_wave = load_wave(previous) if previous is not None else None
    except WeightingProblem:
        previous_wave = None
    result = []
    for table in tables_for(wave, chosen, previous_wave, compare=compare):
        result.append({
            "measure": table.measure.key, "item": table.measure.item,
            "label": table.measure.label, "kind": table.measure.kind,
            "definition": table.measure.definition, "min_n": table.min_n,
            "rows": table.rows,
        })
    d = wave.diagnostics
    return jsonify(campaign=campaign.slug, year=campaign.year, by="area",
                   weighting=d.method, tables=result,
                   sample={"includes_open_link": d.include_open, "open_link_answers": d.n_open,
                           "note": sample_note(d.include_open, d.n_open)})
