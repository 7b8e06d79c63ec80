"""What goes on a printed letter: the survey address, the code, its QR image, and the texts.

The letter is in Swedish with one line in each other interface language, whatever language the
admin's screen is in; ``force_locale`` picks each line from the interface catalogs.
"""

from __future__ import annotations

from urllib.parse import urlencode

import segno
from flask import current_app, request, url_for
from flask_babel import force_locale, format_date
from flask_babel import gettext as _

from surveyapp.i18n import LANGUAGES, text_direction
from surveyapp.surveys.models import Campaign


def survey_url(slug: str) -> str:
    """The public address of the campaign (PUBLIC_BASE_URL when set, else this host)."""
    base = (current_app.config["PUBLIC_BASE_URL"] or request.url_root).rstrip("/")
    return base + url_for("surveys.start", slug=slug)


def code_url(slug: str, code: str) -> str:
    """The address the QR code opens: the start page with the code in the fragment.

    Browsers never send the fragment, so the code is in no server or proxy log; a small
    script on the start page moves it into the form (without JavaScript the resident types
    the code printed next to the QR image).
    """
    return survey_url(slug) + "#" + urlencode({"code": code})


def qr_data_uri(url: str) -> str:
    """An SVG QR code as a ``data:`` URI (allowed by the CSP's ``img-src data:``)."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def letter_texts(campaign: Campaign, reminder: bool = False) -> dict[str, str]:
    """The Swedish texts of the letter (a reminder adds a line before the invitation)."""
    with force_locale("sv"):
        texts = {
            "title": _("How safe do you feel where you live?"),
            "chosen": _(
                "You are one of the residents chosen at random to answer our survey about "
                "safety in your neighbourhood. Your answers help us decide what to improve."
            ),
            "anonymous": _(
                "Your answers are anonymous. The code only shows that the letter has been "
                "used; it is never stored with your answers."
            ),
            "answer_at": _("Answer on your phone or computer at"),
            "code": _("Your personal code"),
            "scan": _("Or scan the QR code with your phone's camera."),
            "organiser": _("Who runs the survey"),
            "questions": _("Questions"),
            "until": _(
                "The survey is open until %(date)s.",
                date=format_date(campaign.closes, format="long"),
            ),
        }
        if reminder:
            texts["reminder"] = _(
                "A reminder: we recently sent you a letter about this survey and have not yet "
                "received your answers. If you have answered in the last few days, thank you, "
                "and please disregard this letter."
            )
        return texts


def other_language_lines() -> list[tuple[str, str, str]]:
    """(language, direction, line) for every interface language except Swedish."""
    lines = []
    for language in LANGUAGES:
        if language == "sv":
            continue
        with force_locale(language):
            line = _(
                "You can answer this survey in your language: choose it at the top of the "
                "survey page."
            )
        lines.append((language, text_direction(language), line))
    return lines
