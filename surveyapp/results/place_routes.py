"""The analysts' place picture: a page with the filters, the folium map in a frame and the
same content as tables; the map document on its own route (its CSP lists the hashes of its
inline scripts and styles); and the map as a standalone HTML file to share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from flask import Response, abort, current_app, render_template, request, url_for
from flask_babel import get_locale
from werkzeug.datastructures import MultiDict

from questionnaires.categories import dialogue_vocabulary
from surveyapp.auth.models import Role
from surveyapp.auth.permissions import role_required
from surveyapp.downloads import send_download
from surveyapp.geo.assets import read_local_asset
from surveyapp.geo.folium_maps import document_csp, standalone_html
from surveyapp.results import bp, charts
from surveyapp.results.measures import INDICATOR, find_measures
from surveyapp.results.place_filter import SOURCE_LABELS, SOURCES, PlaceFilter, read_filter
from surveyapp.results.place_layers import PlaceLayers, area_counts, load_layers
from surveyapp.results.services import (
    campaign_measures,
    find_campaign,
    load_wave,
    single_threaded_blas,
    tables_for,
)
from surveyapp.results.tables import MeasureTable
from surveyapp.results.weighting import WeightingProblem

ROLES = (Role.ANALYST, Role.COORDINATOR)

if TYPE_CHECKING:
    from surveyapp.results.place_map import Labels


@dataclass
class PlacePicture:
    """What the page, the map document and the file are built from."""

    campaign: object
    areas: list
    chosen: PlaceFilter
    layers: PlaceLayers
    indicator: MeasureTable | None
    labels: Labels
    problem: str


def _language() -> str:
    return str(get_locale() or "sv")


def _labels(language: str) -> Labels:
    from surveyapp.partners.labels import CATEGORY_LABELS, TIME_LABELS

    # place_map imports folium (0.3 s): on an analyst's first map, not at every start-up
    from surveyapp.results.place_map import Labels

    vocabulary = dialogue_vocabulary()
    return Labels(categories={c.code: c.text(language) for c in vocabulary.categories},
                  times={code: str(text) for code, text in TIME_LABELS.items()},
                  partner_categories={code: str(text) for code, text in CATEGORY_LABELS.items()})


def _picture(slug: str) -> PlacePicture:
    campaign = find_campaign(slug)
    if campaign is None:
        abort(404)
    language = _language()
    labels = _labels(language)
    chosen = read_filter(request.args, set(labels.categories) | set(labels.partner_categories))
    indicator, problem = None, ""
    try:
        wave = load_wave(campaign, [INDICATOR])
        indicator = tables_for(wave, find_measures(campaign_measures(campaign, language),
                                                   INDICATOR), compare=False)[0]
    except WeightingProblem as error:
        problem = str(error)
    areas = list(campaign.areas)
    return PlacePicture(campaign, areas, chosen, load_layers(campaign, areas, chosen),
                        indicator, labels, problem)


def _with_query(url: str, query: MultiDict[str, str]) -> str:
    return f"{url}?{urlencode(list(query.items(multi=True)))}" if query else url


def _document(picture: PlacePicture) -> str:
    from surveyapp.results.place_map import build_map

    return build_map(picture.areas, picture.indicator, picture.layers, picture.labels,
                     _language())


@bp.get("/<slug>/places")
@role_required(*ROLES)
@single_threaded_blas
def place_page(slug: str) -> tuple[str, int]:
    """Filters, the map (in a frame) and every figure of it as tables."""
    from surveyapp.results.place_map import class_legend

    picture = _picture(slug)
    query = picture.chosen.query()
    breaks, legend = class_legend(picture.indicator)
    categories = dict(picture.labels.categories)
    categories.update({code: text for code, text in picture.labels.partner_categories.items()
                       if code not in categories})
    html = render_template(
        "results/place_map.html", campaign=picture.campaign, p=picture, legend=legend,
        breaks=breaks, counts=area_counts(picture.areas, picture.layers),
        categories=categories, sources=[(s, SOURCE_LABELS[s]) for s in SOURCES], fmt=charts.fmt,
        map_url=_with_query(url_for("results.place_document", slug=slug), query),
        file_url=_with_query(url_for("results.place_file", slug=slug), query))
    return html, 422 if picture.chosen.errors else 200


@bp.get("/<slug>/places/map")
@role_required(*ROLES)
@single_threaded_blas
def place_document(slug: str) -> Response:
    """The folium map document, framed by the place page (same origin only)."""
    html = _document(_picture(slug))
    response = Response(html, mimetype="text/html")
    response.headers["Content-Security-Policy"] = document_csp(
        html, current_app.config["CONTENT_SECURITY_POLICY"])
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


@bp.get("/<slug>/places/map.html")
@role_required(*ROLES)
@single_threaded_blas
def place_file(slug: str) -> Response:
    """The same map as one HTML file with Leaflet written into it: opens without the server."""
    html = standalone_html(_document(_picture(slug)), read_local_asset)
    return send_download(html, "text/html", f"{slug}-place-map.html")
