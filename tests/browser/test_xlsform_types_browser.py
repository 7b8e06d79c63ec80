"""An imported XLSForm with a note, a district → area cascade, decimal, date and time answered
on a phone in Swedish and Arabic (right to left): every page passes axe, and what is stored is
what was typed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from questionnaires.xlsform import import_xlsform
from surveyapp.db import db
from surveyapp.surveys.models import Campaign, QuestionnaireVersion, Response
from tests.browser.answering import fill, next_page
from tests.browser.conftest import assert_accessible
from tests.questionnaires.data.forms import workbook
from tests.surveyapp.test_xlsform_respondent import CHOICES, SETTINGS, SURVEY

SLUG = "nya-typer"


def _with_arabic(rows: list[list]) -> list[list]:
    """The form with an Arabic label column copied from the English one (enough for layout)."""
    header = rows[0]
    english = header.index("label::English (en)")
    return [[*row, "label::العربية (ar)" if number == 0 else row[english]]
            for number, row in enumerate(rows)]


@pytest.fixture(scope="module")
def campaign(live_server) -> str:
    imported = import_xlsform(workbook(_with_arabic(SURVEY), _with_arabic(CHOICES), SETTINGS))
    app = live_server["app"]
    with app.app_context():
        version = QuestionnaireVersion(key="nytt-browser", version="1",
                                       definition={**imported.definition, "key": "nytt-browser"},
                                       languages=imported.definition["languages"])
        today = date.today()
        db.session.add(Campaign(slug=SLUG, name="Nya typer", year=today.year, mode="open",
                                opens=today - timedelta(days=1), closes=today + timedelta(days=9),
                                questionnaire=version, languages=["sv", "en", "ar"], areas=[]))
        db.session.commit()
    return SLUG


@pytest.mark.parametrize(("lang", "direction", "start"), [
    ("sv", "ltr", "Starta undersökningen"), ("ar", "rtl", None)])
def test_new_types_on_a_phone(phone, live_server, campaign, lang, direction, start):
    page = phone().new_page()
    page.goto(f"/s/{campaign}?lang={lang}")
    assert page.get_attribute("html", "dir") == direction
    button = page.get_by_role("button", name=start) if start else \
        page.locator("form[action$='/start'] button")
    with page.expect_navigation():
        button.click()
    assert page.locator("p.note").count() == 1
    assert page.locator('input[name="omrade"]').count() == 0
    assert_accessible(page, f"district page ({lang})")
    fill(page, {"stadsdel": "soder"})
    next_page(page)  # the page grows: the areas of Söder only
    assert page.eval_on_selector_all('input[name="omrade"]', "els => els.map(e => e.value)") \
        == ["s1"]
    assert_accessible(page, f"cascade page ({lang})")
    fill(page, {"omrade": "s1"})
    next_page(page)
    assert page.locator('input[type="date"]').count() == 1
    assert page.locator('input[type="time"]').count() == 1
    assert_accessible(page, f"decimal, date and time page ({lang})")
    marker = {"sv": "0,75", "ar": "٠٫٥"}[lang]
    fill(page, {"avstand": marker, "datum": "2026-01-05", "klockan": "08:15", "hushall": "2"})
    next_page(page)
    assert page.url.endswith("/thanks"), page.url
    with live_server["app"].app_context():
        campaign_id = db.session.scalar(sa.select(Campaign.id).where(Campaign.slug == SLUG))
        answers = [r.answers for r in db.session.scalars(
            sa.select(Response).where(Response.campaign_id == campaign_id))]
    expected = {"stadsdel": "soder", "omrade": "s1", "avstand": {"sv": 0.75, "ar": 0.5}[lang],
                "datum": "2026-01-05", "klockan": "08:15", "hushall": 2, "dubbel": 4}
    assert expected in answers
