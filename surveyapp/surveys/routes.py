"""The respondent flow: start, code or open link, pages, save for later, thank you."""

from __future__ import annotations

from datetime import date

from flask import abort, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from werkzeug.wrappers import Response as HttpResponse

from surveyapp.auth.permissions import public
from surveyapp.geo.maps import geojson_response, leaflet_assets
from surveyapp.geo.services import area_features
from surveyapp.prg import see_other
from surveyapp.public.services import areas_with_public_actions, open_dialogues
from surveyapp.public_urls import resident_link
from surveyapp.security import (
    browser_limit_message,
    browser_responses,
    note_browser_response,
    open_start_allowed,
)
from surveyapp.surveys import bp
from surveyapp.surveys.answers import read_page
from surveyapp.surveys.batches import mark_sealed
from surveyapp.surveys.error_summary import error_links
from surveyapp.surveys.messages import flow_message
from surveyapp.surveys.models import Campaign, Draft
from surveyapp.surveys.page_state import keep_page_state, take_page_state
from surveyapp.surveys.services import (
    FlowError,
    Refusal,
    area_choices,
    check_open,
    find_campaign,
    find_draft,
    flow_for,
    save_answers,
    start_open,
    start_with_code,
    submit,
    was_submitted,
)
from surveyapp.surveys.widgets import widget_for


def _language() -> str:
    return str(get_locale() or "sv")


def _campaign(slug: str) -> Campaign:
    campaign = find_campaign(slug)
    if campaign is None:
        abort(404)
    return campaign


def _session_key(slug: str) -> str | None:
    return (session.get("drafts") or {}).get(slug)


def _remember(slug: str, key: str) -> None:
    drafts = dict(session.get("drafts") or {})
    drafts[slug] = key
    session["drafts"] = drafts
    session.permanent = True


def _forget_after_submit(slug: str) -> None:
    """After the submit the cookie keeps no draft key (nothing derived from the code); the
    count of answers sent from this browser (``note_browser_response``) shows the thank-you
    page again."""
    drafts = dict(session.get("drafts") or {})
    drafts.pop(slug, None)
    session["drafts"] = drafts


def _answered(campaign: Campaign) -> bool:
    """Whether this browser (or the request's stale cookie) has already sent its answers."""
    return browser_responses(campaign.slug) > 0 or was_submitted(
        campaign, _session_key(campaign.slug))


def _start_page(campaign: Campaign, status: int = 200, **context) -> tuple[str, int]:
    draft = find_draft(campaign, _session_key(campaign.slug))
    questionnaire = campaign.questionnaire.model()
    html = render_template(
        "surveys/start.html",
        campaign=campaign,
        questionnaire=questionnaire,
        has_draft=draft is not None,
        lang=_language(),
        **context,
    )
    return html, status


@bp.get("/<slug>")
@public
def start(slug: str):
    """The campaign's start page: language choice, code form and/or open start."""
    campaign = _campaign(slug)
    try:
        check_open(campaign, date.today())
    except FlowError as error:
        return _unavailable(campaign, error)
    if "code" in request.args:
        # Old letters put the code in the query string, where every access log keeps it with
        # the IP address and time. It is never used: the resident types it (new letters'
        # QR codes carry it in the #code= fragment, which browsers never send).
        return redirect(url_for("surveys.start", slug=slug), 303)
    return _start_page(campaign)


@bp.post("/<slug>/code")
@public
def enter_code(slug: str):
    """Check a code from a letter and go to the first unanswered page."""
    campaign = _campaign(slug)
    if not campaign.takes_codes:
        abort(404)
    try:
        check_open(campaign, date.today())
        key = start_with_code(campaign, request.form.get("code", ""), _language(), date.today())
    except FlowError as error:
        if error.reason in (Refusal.CLOSED, Refusal.NOT_YET):
            return _unavailable(campaign, error)
        typed = request.form.get("code", "")
        return _start_page(
            campaign, 422, code_error=flow_message(error.reason), typed_code=typed
        )
    _remember(slug, key)
    draft = find_draft(campaign, key)
    _keep_language(draft)
    return see_other(_resume_url(campaign, draft))


def _keep_language(draft: Draft | None) -> None:
    """A resident resuming on another device continues in the language they last used,
    unless they chose one on this device."""
    if draft is not None and "lang" not in session:
        session["lang"] = draft.language


@bp.post("/<slug>/start")
@public
def start_open_link(slug: str):
    """Start answering without a code (open-link campaigns)."""
    campaign = _campaign(slug)
    if not campaign.takes_open_link:
        abort(404)
    try:
        check_open(campaign, date.today())
    except FlowError as error:
        return _unavailable(campaign, error)
    draft = find_draft(campaign, _session_key(slug))
    if draft is None:
        if not open_start_allowed(slug):
            return _start_page(campaign, 429, start_error=browser_limit_message())
        key = start_open(campaign, _language(), date.today())
        _remember(slug, key)
        draft = find_draft(campaign, key)
    return see_other(_resume_url(campaign, draft))


def _resume_url(campaign: Campaign, draft: Draft | None) -> str:
    """The first page with an unanswered question: the start answers with this one redirect
    (not via ``/continue``, a second round trip on a slow phone)."""
    if draft is None:
        return url_for("surveys.start", slug=campaign.slug)
    page = flow_for(campaign, draft).resume_page(draft.answers)
    return url_for("surveys.page", slug=campaign.slug, number=page)


@bp.get("/<slug>/resume/<token>")
@public
def resume_link(slug: str, token: str):
    """A saved resume link: pick up the draft it names."""
    campaign = _campaign(slug)
    key = f"open:{token}"
    draft = find_draft(campaign, key)
    if draft is None:
        return _start_page(campaign, 404, start_error=flow_message(Refusal.UNKNOWN_LINK))
    _remember(slug, key)
    _keep_language(draft)
    return redirect(_resume_url(campaign, draft))


@bp.get("/<slug>/continue")
@public
def resume_current(slug: str):
    """Go to the first page that still has an unanswered question."""
    campaign = _campaign(slug)
    return redirect(_resume_url(campaign, find_draft(campaign, _session_key(slug))))


@bp.route("/<slug>/page/<int:number>", methods=["GET", "POST"])
@public
def page(slug: str, number: int):
    """Show a page of questions, or save it and move on (next, back, save for later)."""
    campaign = _campaign(slug)
    try:
        check_open(campaign, date.today())
    except FlowError as error:
        return _unavailable(campaign, error)
    draft = find_draft(campaign, _session_key(slug))
    if draft is None:
        if _answered(campaign):
            return see_other(url_for("surveys.thanks", slug=slug))
        return _start_page(campaign, 409, start_error=flow_message(Refusal.NO_DRAFT))
    flow = flow_for(campaign, draft)
    if not 1 <= number <= len(flow.pages):
        abort(404)
    if request.method == "GET":
        shown = flow.shown_questions(number, draft.answers)
        if not shown:
            return redirect(url_for("surveys.resume_current", slug=slug))
        errors, raw, added = take_page_state(slug, number)
        values = {**draft.answers, **flow.defaults(shown, draft.answers), **raw}
        return _render_page(campaign, draft, flow, number, shown, values, errors, added=added)
    return _post_page(campaign, draft, flow, number)


def _post_page(campaign: Campaign, draft: Draft, flow, number: int):
    """Every outcome is a 303 to a GET (post/redirect/get): going back never re-posts."""
    action = request.form.get("action", "next")
    shown = flow.shown_questions(number, draft.answers)
    area_codes = {area.code for area in _page_areas(campaign, shown)}
    result = read_page(shown, request.form, area_codes, check_required=action == "next")
    slug = campaign.slug
    this_page = url_for("surveys.page", slug=slug, number=number)
    if not save_answers(draft, result.values, _language(), date.today()):
        if _answered(campaign):
            return see_other(url_for("surveys.thanks", slug=slug))
        return _start_page(campaign, 409, start_error=flow_message(Refusal.NO_DRAFT))
    if action == "language":
        # The language menu submits this form (?lang= in its formaction picked the new
        # language): what was ticked is kept as a draft, unvalidated.
        return see_other(this_page)
    if action == "back":
        previous = flow.previous_page(number, draft.answers)
        if previous is None:
            return see_other(url_for("surveys.start", slug=slug))
        return see_other(url_for("surveys.page", slug=slug, number=previous))
    if action == "save":
        return see_other(url_for("surveys.paused", slug=slug))
    if result.errors:
        keep_page_state(slug, number, result.errors, result.raw)
        return see_other(this_page)
    now_shown = flow.shown_questions(number, draft.answers)
    if any(question not in shown for question in now_shown):
        keep_page_state(slug, number, added=[q.id for q in now_shown if q not in shown])
        return see_other(this_page)
    following = flow.next_page(number, draft.answers)
    if following is not None:
        return see_other(url_for("surveys.page", slug=slug, number=following))
    missing = flow.missing_required(draft.answers)
    if missing is not None:
        return see_other(url_for("surveys.page", slug=slug, number=missing[0]))
    try:
        sealed = submit(campaign, draft)
    except FlowError as error:
        return _start_page(campaign, 409, start_error=flow_message(error.reason))
    _forget_after_submit(slug)
    note_browser_response(slug)
    if sealed:
        mark_sealed(campaign.id)
    return see_other(url_for("surveys.thanks", slug=slug))


def _page_areas(campaign: Campaign, questions) -> list:
    """The campaign's areas when a question on the page draws or reads them, else none."""
    if any(widget_for(question).uses_areas for question in questions):
        return area_choices(campaign)
    return []


def _render_page(campaign, draft, flow, number, questions, values, errors, added=()):
    visible = flow.visible_pages(draft.answers)
    position = visible.index(number) + 1 if number in visible else 1
    return render_template(
        "surveys/page.html",
        campaign=campaign,
        questionnaire=flow.questionnaire,
        page=flow.pages[number - 1],
        number=number,
        questions=questions,
        values=values,
        errors=errors,
        error_links=error_links(questions, errors, _language()),
        lang_form="answers",
        added=added,
        position=position,
        total=len(visible),
        is_last=not any(n > number for n in visible),
        areas=_page_areas(campaign, questions),
        lang=_language(),
    )


@bp.get("/<slug>/areas.geojson")
@public
def campaign_areas_geojson(slug: str):
    """A campaign's areas as GeoJSON, for the map in place questions."""
    return geojson_response(area_features(_campaign(slug).areas))


@bp.app_template_global()
def place_areas_url() -> str:
    """For the survey's place question: the current campaign's areas as GeoJSON."""
    slug = (request.view_args or {}).get("slug", "")
    return url_for("surveys.campaign_areas_geojson", slug=slug)


@bp.app_template_global()
def map_assets() -> dict[str, list[str]]:
    """For the survey's place question: the local Leaflet files of its map."""
    return leaflet_assets(cluster=False)


@bp.get("/<slug>/paused")
@public
def paused(slug: str) -> str | HttpResponse:
    """How to come back: enter the code again, or keep the resume link."""
    campaign = _campaign(slug)
    key = _session_key(slug)
    if find_draft(campaign, key) is None:
        return redirect(url_for("surveys.start", slug=slug))
    resume_url = None
    if key and key.startswith("open:"):
        token = key.removeprefix("open:")
        resume_url = resident_link("surveys.resume_link", slug=slug, token=token)
    return render_template(
        "surveys/paused.html", campaign=campaign, resume_url=resume_url, lang=_language()
    )


@bp.get("/<slug>/thanks")
@public
def thanks(slug: str) -> str:
    """Shown after the answers are sent."""
    campaign = _campaign(slug)
    # Links follow the campaign's areas, never the resident's: nothing here may tell (or
    # remember) where the one who just answered lives.
    area_ids = {area.id for area in campaign.areas}
    return render_template(
        "surveys/thanks.html",
        campaign=campaign,
        lang=_language(),
        dialogues=open_dialogues(date.today(), area_ids),
        action_areas=areas_with_public_actions(area_ids),
    )


def _unavailable(campaign: Campaign, error: FlowError) -> tuple[str, int]:
    status = 410 if error.reason == Refusal.CLOSED else 200
    html = render_template(
        "surveys/unavailable.html",
        campaign=campaign,
        message=flow_message(error.reason, opens=campaign.opens, closes=campaign.closed_date),
        lang=_language(),
    )
    return html, status
