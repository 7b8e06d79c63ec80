"""The period report's charts and maps: the DOCX holds, as valid PNGs of a printable size, the
very charts the HTML page shows as SVG (drawn again here from the page's SVG and compared byte
for byte), small counts stay suppressed in them, and the map's dots are the period's pins."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from docx import Document
from sqlalchemy import select

from surveyapp.db import db
from surveyapp.dialogue.models import Pin
from surveyapp.geo.geometry import interior_point
from surveyapp.indicators.models import IndicatorSeries, IndicatorValue
from surveyapp.reports.png import svg_to_png
from tests.surveyapp.cycle_data import area
from tests.surveyapp.docx_reading import captioned_tables, check_png, png_images

YEAR = date.today().year
PIN_DAYS = [date(YEAR, 1, 10)] * 4 + [date(YEAR - 1, 12, 31), date(YEAR + 1, 1, 1)]
SVG = re.compile(r"<svg .*?</svg>", re.S)


@pytest.fixture
def client(app, log_in):
    """Demo campaign of this year with answers; six approved pins in its first area (four in
    the year); a crime series with 40 crimes in one area and 3 (suppressed) in another."""
    from surveyapp.demo import load_demo
    from surveyapp.results.demo import load_demo_responses
    from surveyapp.surveys.models import Campaign

    today = date.today()
    small = area(app, "FIG2", {YEAR: [250] * 8})
    with app.app_context():
        load_demo(today, codes=4)
        load_demo_responses(today, per_area=60)
        campaign = db.session.scalar(select(Campaign).where(Campaign.year == YEAR))
        first = campaign.areas[0]
        lat, lng = interior_point(first.geometry)
        db.session.add_all(Pin(source="dialogue", lat=lat, lng=lng, category="annat",
                               status="approved", flags=[], created_on=day, area_id=first.id)
                           for day in PIN_DAYS)
        series = IndicatorSeries(name="Rån", source="Polisen", definition="Anmälda rån",
                                 measure="count", imported_on=today)
        series.values = [IndicatorValue(area_id=first.id, period=f"{YEAR}-03", value=40),
                         IndicatorValue(area_id=small, period=f"{YEAR}-03", value=3)]
        db.session.add(series)
        db.session.commit()
    return log_in(app.test_client(), ["analyst"])


def _page_and_docx(client) -> tuple[str, Document]:
    page = client.get(f"/staff/reports?kind=year&year={YEAR}&lang=en")
    docx = client.get(f"/staff/reports/docx?kind=year&year={YEAR}&lang=en")
    assert page.status_code == docx.status_code == 200
    return page.text, Document(io.BytesIO(docx.data))


def test_the_docx_holds_the_pages_charts_as_valid_pngs(app, client):
    html, document = _page_and_docx(client)
    svgs = SVG.findall(html)
    images = png_images(document)
    assert len(svgs) == len(images) >= 3  # survey bars, survey map, crime bars
    with app.test_request_context():
        for svg, image in zip(svgs, images, strict=True):
            width, height = check_png(image)
            assert max(width, height) >= 1000 and min(width, height) >= 100  # 2 px a unit
            assert image == svg_to_png(svg.replace("&#34;", '"').replace("&#39;", "'"))
    pictures = document.inline_shapes
    assert len(pictures) == len(images)
    assert all(p._inline.docPr.get("descr") for p in pictures)
    assert all(p.width <= 16 * 360000 + 1 for p in pictures)  # inside the text width
    tables = captioned_tables(document)
    assert any(caption.startswith("Rån") for caption in tables)
    assert "Approved pins by area" in tables


def test_small_counts_stay_suppressed_in_the_charts(client):
    html, document = _page_and_docx(client)
    crime = next(svg for svg in SVG.findall(html) if "Rån" in svg)
    assert "Område FIG2" in crime and "fewer than 5" in crime
    assert ">3,00<" not in crime and ">3<" not in crime
    assert crime.count("<rect ") == 1  # one bar: the area with 40 crimes
    rows = {r[0]: r[1:] for r in next(t for c, t in captioned_tables(document).items()
                                     if c.startswith("Rån"))[1:]}
    assert rows["Område FIG2"][0] == "fewer than 5"


def test_the_map_shows_the_pins_of_the_period_only(app, client):
    from surveyapp.dialogue.models import PinStatus

    html, _document = _page_and_docx(client)
    maps = [svg for svg in SVG.findall(html) if 'class="chart map"' in svg]
    assert len(maps) == 1
    with app.app_context():
        days = db.session.scalars(select(Pin.created_on).where(
            Pin.status == PinStatus.APPROVED)).all()
    expected = sum(1 for day in days if day.year == YEAR)
    assert expected >= 4
    # one dot per pin of the period, and one more: the legend's "approved pin" symbol
    assert maps[0].count('fill="#0b4a6f"') == expected + 1
    assert maps[0].count(">approved pin</text>") == 1
