"""Analyst pages: population import, weighting, dashboard, exports and the lägesbild."""

from __future__ import annotations

import json
from datetime import date

from flask import Response, abort, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _

from surveyapp import numbers
from surveyapp.auth.models import Role
from surveyapp.auth.permissions import role_required
from surveyapp.csv_dialects import requested_dialect
from surveyapp.downloads import GEOJSON_TYPE, send_download
from surveyapp.geo.ages import AgeGroupingError, parse_grouping
from surveyapp.geo.population import PopulationError, import_population, population_years
from surveyapp.inputs import whole_number
from surveyapp.results import bp, charts, exports, places
from surveyapp.results.channels import ALL, SAMPLE
from surveyapp.results.export_jobs import XLSX_TYPE, tables_workbook
from surveyapp.results.geopackage import MIMETYPE as GEOPACKAGE_TYPE
from surveyapp.results.geopackage import geopackage_bytes
from surveyapp.results.lagesbild import (
    build_lagesbild,
    method_lines,
)
from surveyapp.results.measures import INDICATOR, find_measures
from surveyapp.results.models import METHODS, WEIGHTING_VARIABLES
from surveyapp.results.open_link import sample_note
from surveyapp.results.services import (
    apply_settings,
    area_names,
    campaign_measures,
    campaigns,
    find_campaign,
    load_wave,
    min_n,
    single_threaded_blas,
    tables_for,
)
from surveyapp.results.survey_places import survey_points
from surveyapp.results.tables import Wave
from surveyapp.results.weighting import (
    WeightingProblem,
    WeightingSettings,
    settings_for,
)
from surveyapp.security import allow_upload
from surveyapp.surveys.models import Campaign

POPULATION_UPLOAD_LIMIT = 50 * 1024 * 1024  # single years for every DeSO of a county


def _language() -> str:
    return str(get_locale() or "sv")


def _campaign(slug: str):
    campaign = find_campaign(slug)
    if campaign is None:
        abort(404)
    return campaign


def _problem(campaign, error: WeightingProblem) -> tuple[str, int]:
    return render_template("results/problem.html", campaign=campaign, message=str(error)), 409


@bp.get("/")
@role_required(Role.ANALYST)
def index() -> str:
    """Campaigns to analyse and the population years stored."""
    return render_template("results/index.html", campaigns=campaigns(),
                           years=population_years())


@bp.route("/population", methods=["GET", "POST"])
@role_required(Role.ANALYST)
@allow_upload(POPULATION_UPLOAD_LIMIT)
def population() -> tuple[str, int] | str:
    """Import a population table (SCB layout)."""
    problems, imported = [], None
    if request.method == "POST":
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            problems = [_("Choose a CSV file.")]
        else:
            try:
                imported = import_population(upload.read())
            except PopulationError as error:
                problems = error.problems
    status = 422 if problems else 200
    return render_template("results/population.html", problems=problems, imported=imported,
                           years=population_years()), status


@bp.route("/<slug>/weighting", methods=["GET", "POST"])
@role_required(Role.ANALYST)
@single_threaded_blas
def weighting(slug: str) -> tuple[str, int]:
    """Choose the weighting method and see the weight diagnostics."""
    campaign = _campaign(slug)
    error, status, wave = None, 200, None
    if request.method == "POST":
        try:
            wave = apply_settings(campaign, _read_settings())
        except (ValueError, WeightingProblem) as problem:
            error, status = str(problem), 422
    else:
        try:
            wave = load_wave(campaign)
        except WeightingProblem as problem:
            error = str(problem)
    return render_template("results/weighting.html", campaign=campaign, wave=wave,
                           settings=settings_for(campaign), methods=METHODS,
                           variables=WEIGHTING_VARIABLES, years=population_years(),
                           error=error, sample_note=_wave_note(wave)), status


def _wave_note(wave) -> str:
    """The sample sentence for a weighted wave ('' without one)."""
    if wave is None:
        return ""
    return sample_note(wave.diagnostics.include_open, wave.diagnostics.n_open)


def _read_settings() -> WeightingSettings:
    form = request.form
    method = form.get("method", "rake")
    if method not in METHODS:
        raise ValueError(_("Unknown weighting method."))
    chosen = tuple(v for v in WEIGHTING_VARIABLES if form.get(f"var_{v}"))
    if method != "none" and not chosen:
        raise ValueError(_("Choose at least one weighting variable."))

    def number(name: str) -> float | None:
        raw = form.get(name, "").strip().replace(",", ".")
        if not raw:
            return None
        try:
            value = float(raw)
        except ValueError:
            raise ValueError(_("Trim bounds must be numbers, e.g. 0.3 and 3.")) from None
        if value <= 0:
            raise ValueError(_("Trim bounds must be numbers, e.g. 0.3 and 3."))
        return value

    sample = form.get("sample", SAMPLE)
    if sample not in (SAMPLE, ALL):
        raise ValueError(_("Choose which answers to weight: the random sample only, or the "
                           "random sample and the open-link answers."))
    year = form.get("population_year", "")
    grouping = form.get("age_groups", "").strip()
    try:
        groups = tuple(g.label for g in parse_grouping(grouping)) if grouping else ()
    except AgeGroupingError as error:
        raise ValueError(str(error)) from None
    return WeightingSettings(method, chosen, whole_number(year, maximum=9999),
                             number("trim_lower"), number("trim_upper"), sample == ALL,
                             groups)


@bp.get("/<slug>/")
@role_required(Role.ANALYST)
@single_threaded_blas
def dashboard(slug: str) -> tuple[str, int] | str:
    """Indicator by area with comparisons, trend and map; any item on request."""
    campaign = _campaign(slug)
    all_measures = campaign_measures(campaign, _language())
    item = request.args.get("item", "")
    chosen = [m for m in find_measures(all_measures, item) if m.key != INDICATOR] if item else []
    try:
        lagesbild = build_lagesbild(campaign, None, _language(), chosen)
    except WeightingProblem as error:
        return _problem(campaign, error)
    item_tables = tables_for(lagesbild.wave, chosen, lagesbild.previous) if chosen else []
    items = list(dict.fromkeys((m.item, m.label.split(":")[0]) for m in all_measures))
    return render_template("results/dashboard.html", campaign=campaign, r=lagesbild,
                           item=item, items=items, item_tables=item_tables, fmt=charts.fmt,
                           diff=charts.diff, sample_note=lagesbild.sample_note,
                           method=method_lines(lagesbild))


@bp.get("/<slug>/report", endpoint="lagesbild")
@role_required(Role.ANALYST)
@single_threaded_blas
def lagesbild_page(slug: str) -> tuple[str, int] | str:
    """The printable lägesbild for a chosen set of areas (``?area=`` repeated; default all)."""
    campaign = _campaign(slug)
    try:
        lagesbild = build_lagesbild(campaign, request.args.getlist("area"), _language())
    except WeightingProblem as error:
        return _problem(campaign, error)
    return render_template("results/lagesbild.html", campaign=campaign, r=lagesbild,
                           fmt=charts.fmt, diff=charts.diff, method=method_lines(lagesbild),
                           sample_note=lagesbild.sample_note, today=date.today())


EXPORTS = ("data.csv", "codebook.csv", "tables.xlsx", "data.sav", "areas.geojson",
           "points.geojson", "map.geojson", "map.gpkg")
MAPS = ("areas.geojson", "points.geojson", "map.geojson", "map.gpkg")


@bp.get("/<slug>/export/<kind>")
@role_required(Role.ANALYST)
@single_threaded_blas
def export(slug: str, kind: str) -> Response | tuple[str, int]:
    """Downloads: data.csv, codebook.csv (``?format=rfc4180`` for plain RFC 4180), tables.xlsx,
    data.sav, areas.geojson (areas with the indicator; ``map.geojson``, its old name, is the
    same file), points.geojson (pins, observations and survey places) and map.gpkg (both as
    layers of one GeoPackage)."""
    campaign = _campaign(slug)
    if kind not in EXPORTS:
        abort(404)
    model = campaign.questionnaire.model()
    name = f"{campaign.slug}-{'areas.geojson' if kind == 'map.geojson' else kind}"
    if kind == "codebook.csv":
        return send_download(exports.codebook_csv(model, dialect=requested_dialect()), "text/csv",
                             name)
    if kind == "tables.xlsx":  # large campaigns: the background export (export_job_routes)
        try:
            return send_download(tables_workbook(campaign, _language()), XLSX_TYPE, name)
        except WeightingProblem as error:
            return _problem(campaign, error)
    if kind == "points.geojson":  # places need no weighting: no wave is read for them
        return send_download(json.dumps(_points(campaign), ensure_ascii=False), GEOJSON_TYPE,
                             name)
    try:
        wave = load_wave(campaign, [INDICATOR] if kind in MAPS else None)
    except WeightingProblem as error:
        return _problem(campaign, error)
    if kind == "data.csv":
        return send_download(exports.csv_rows(exports.microdata(wave, model),
                                              requested_dialect()), "text/csv", name)
    if kind == "data.sav":
        return send_download(exports.sav_bytes(exports.microdata(wave, model), model),
                             "application/x-spss-sav", name)
    collection = _areas(campaign, wave)
    if kind == "map.gpkg":
        return send_download(geopackage_bytes(collection, _points(campaign)), GEOPACKAGE_TYPE,
                             name)
    collection["sample"] = _wave_note(wave)
    return send_download(json.dumps(collection, ensure_ascii=False), GEOJSON_TYPE, name)


def _areas(campaign: Campaign, wave: Wave) -> dict:
    """The areas with the indicator (a FeatureCollection of MultiPolygons)."""
    indicator = tables_for(wave, find_measures(campaign_measures(campaign, _language()),
                                               INDICATOR), compare=False)[0]
    collection = places.area_collection(campaign.areas, indicator)
    for feature in collection["features"]:
        feature["properties"]["includes_open_link"] = wave.diagnostics.include_open
    return collection


def _points(campaign: Campaign) -> dict:
    """Pins, walk observations and survey places in the campaign's areas (Points)."""
    codes = list(area_names(campaign))
    return places.point_collection(places.approved_pins(codes), places.observations(codes),
                                   survey_points(campaign, codes))


@bp.app_template_global()
def results_min_n() -> int:
    """The suppression threshold for templates."""
    return min_n()


@bp.app_template_global()
def decimal_text(value: float | None, digits: int = 2) -> str:
    """A figure with ``digits`` decimals in the current locale ("–" when missing)."""
    return numbers.decimal(value, digits)
