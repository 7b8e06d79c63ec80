"""Data-entry pages: a paper questionnaire typed in by its code, on one page (role data_entry).

The code is used exactly as on the web (``surveys.services.submit_paper``): single use, answers
sealed and written by the anonymity batch step. Nothing about the entry is stored apart from
that, not even an audit row: a row written with each entry would tell which invitation came
back on paper (README, "Paper questionnaires").
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import abort, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from surveyapp.auth.models import Role
from surveyapp.auth.permissions import role_required
from surveyapp.paper import bp
from surveyapp.paper.entry import PaperForm, entry_questions, paper_flow, read_paper
from surveyapp.paper.messages import refusal_message
from surveyapp.prg import see_other
from surveyapp.surveys.batches import mark_sealed
from surveyapp.surveys.error_summary import error_links
from surveyapp.surveys.flow import Flow
from surveyapp.surveys.models import Campaign
from surveyapp.surveys.services import (
    FlowError,
    Refusal,
    check_open,
    find_campaign,
    flow_for,
    open_campaigns,
    submit_paper,
    unused_invitation,
)


def _campaign(slug: str) -> Campaign:
    campaign = find_campaign(slug)
    if campaign is None or not campaign.takes_codes:
        abort(404)
    return campaign


def _text_language(campaign: Campaign) -> str:
    """The questionnaire language the questions are shown in: the clerk's, when offered."""
    locale = str(get_locale() or "sv")
    return locale if locale in campaign.questionnaire.languages else campaign.languages[0]


@bp.get("/")
@role_required(Role.DATA_ENTRY)
def index() -> str:
    """The open campaigns with invitation codes, each a link to its data-entry page."""
    campaigns = [campaign for campaign in open_campaigns(date.today()) if campaign.takes_codes]
    return render_template("paper/index.html", campaigns=campaigns)


@bp.route("/<slug>", methods=["GET", "POST"])
@role_required(Role.DATA_ENTRY)
def entry(slug: str):
    """Type the code (``open`` shows the questionnaire for it), then the answers (``save``)."""
    campaign = _campaign(slug)
    if request.method == "GET":
        return _page(campaign, None, PaperForm(), saved=bool(request.args.get("saved")))
    typed_code = request.form.get("code", "")
    language = request.form.get("language", "")
    if language not in campaign.languages:
        language = campaign.languages[0]
    save = request.form.get("action") == "save"
    try:
        check_open(campaign, date.today())
        code, invitation = unused_invitation(campaign, typed_code)
    except FlowError as error:
        flow = flow_for(campaign)
        kept = read_paper(flow, {}, request.form, _area_codes(campaign)) if save else PaperForm()
        status = 409 if error.reason == Refusal.USED_CODE else 422
        return _page(campaign, flow if save else None, PaperForm(typed=kept.typed), status,
                     refusal=refusal_message(error.reason), code=typed_code, language=language)
    flow, known = paper_flow(campaign, invitation)
    if not save:
        return _page(campaign, flow, PaperForm(), code=typed_code, language=language)
    result = read_paper(flow, known, request.form, _area_codes(campaign))
    if result.errors:
        return _page(campaign, flow, result, 422, code=typed_code, language=language)
    answers = flow.final_answers(result.answers)
    try:
        submit_paper(campaign, code, invitation, answers, flow.strata(answers), language)
    except FlowError as error:  # a web submit with this code was first
        return _page(campaign, flow, result, 409, refusal=refusal_message(error.reason),
                     code=typed_code, language=language)
    mark_sealed(campaign.id)
    return see_other(url_for("paper.entry", slug=slug, saved=1))


def _area_codes(campaign: Campaign) -> set[str]:
    return {area.code for area in campaign.areas}


def _page(campaign: Campaign, flow: Flow | None, form: PaperForm, status: int = 200,
          refusal: str = "", code: str = "", language: str = "", saved: bool = False
          ) -> tuple[str, int]:
    lang = _text_language(campaign)
    questions = entry_questions(flow) if flow is not None else []
    values: dict[str, Any] = {**form.answers, **form.typed}
    html = render_template(
        "paper/entry.html",
        campaign=campaign,
        pages=_pages(flow) if flow is not None else [],
        values=values,
        errors=form.errors,
        error_links=error_links(questions, form.errors, lang),
        refusal=refusal,
        code=code,
        language=language or campaign.languages[0],
        saved=saved,
        lang=lang,
        areas=campaign.areas,
        title=_("Enter a paper questionnaire"),
    )
    return html, status


def _pages(flow: Flow) -> list[tuple[Any, list[Any]]]:
    """(page, its questions in the data-entry view) for pages with any."""
    shown = set(question.id for question in entry_questions(flow))
    pages = [(page, [q for q in page.questions if q.id in shown]) for page in flow.pages]
    return [(page, questions) for page, questions in pages if questions]
